import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DemoAccount, DemoError, SESSION_EXPIRED_MSG } from './account.js';

/**
 * The embedded demo API: Vast.ai's 2FA endpoints on loopback (node:http only), state in memory,
 * plus the /__demo control endpoints of docs/cli.md. Never answers 500: every failure is a JSON body.
 */

export const DEMO_API_KEY = 'vastai-demo-key';
/** Request bodies larger than this are refused (413, bad_request). */
export const MAX_BODY_BYTES = 64 * 1024;

export interface DemoServerOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Clock in epoch ms; default Date.now. */
  now?: () => number;
}

export interface DemoServer {
  /** `http://127.0.0.1:PORT` (no trailing slash). */
  url: string;
  apiKey: 'vastai-demo-key';
  /** Stops listening and closes every open connection. */
  close(): Promise<void>;
}

export type DemoRoute = 'status' | 'sms' | 'resend' | 'email' | 'regen' | 'login';

interface FailFault {
  route: DemoRoute;
  status: number;
  times: number;
  body?: unknown;
  raw?: string;
  retry_after?: number;
}

interface Faults {
  latencyMs: number;
  fail: FailFault[];
  drop: DemoRoute[];
}

/** Vast's paths end with `/`; without it they are not found, as on Vast. */
const ROUTES: Record<string, { route: DemoRoute; method: string }> = {
  '/api/v0/tfa/': { route: 'login', method: 'POST' },
  '/api/v0/tfa/status/': { route: 'status', method: 'GET' },
  '/api/v0/tfa/sms/': { route: 'sms', method: 'POST' },
  '/api/v0/tfa/sms/resend/': { route: 'resend', method: 'POST' },
  '/api/v0/tfa/email/': { route: 'email', method: 'POST' },
  '/api/v0/tfa/regen-backup-codes/': { route: 'regen', method: 'PUT' },
  // The same two actions under the paths Vast's Python SDK uses (tfa_send_sms, tfa_resend_sms),
  // so that client finds the demo too.
  '/api/v0/tfa/test/': { route: 'sms', method: 'POST' },
  '/api/v0/tfa/resend/': { route: 'resend', method: 'POST' },
};
const ROUTE_NAMES = new Set<string>(Object.values(ROUTES).map((r) => r.route));

const GENERIC_ERRORS: Record<number, [string, string]> = {
  400: ['bad_request', 'Bad request'],
  401: ['auth_error', 'Invalid user key'],
  403: ['auth_error', 'Forbidden'],
  404: ['not_found', 'Not found'],
  429: ['rate_limited', 'Too many requests, please wait'],
  500: ['internal_error', 'Internal server error'],
  502: ['bad_gateway', 'Bad gateway'],
  503: ['service_unavailable', 'Service temporarily unavailable, please retry'],
  504: ['gateway_timeout', 'Gateway timeout'],
};

/** A loopback address (127.0.0.0/8, ::1, or an IPv4-mapped 127.x). */
export function isLoopback(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.replace(/^::ffff:/i, '');
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(v4);
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent || res.destroyed) return;
  const text = JSON.stringify(body);
  res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sendError(res: ServerResponse, e: DemoError): void {
  send(res, e.status, e.body());
}

/** Reads the body (capped) and parses it as a JSON object; empty means `{}`. */
function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (c: Buffer) => {
      if (done) return;
      size += c.length;
      if (size > MAX_BODY_BYTES) {
        done = true;
        reject(new DemoError(413, 'bad_request', 'Request body too large'));
        req.resume();
        return;
      }
      chunks.push(c);
    });
    req.on('error', (err) => {
      if (!done) {
        done = true;
        reject(err);
      }
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return resolve({});
      let v: unknown;
      try {
        v = JSON.parse(text);
      } catch {
        return reject(new DemoError(400, 'bad_request', 'Malformed JSON body'));
      }
      if (typeof v !== 'object' || v === null || Array.isArray(v)) {
        return reject(new DemoError(400, 'bad_request', 'The body must be a JSON object'));
      }
      resolve(v as Record<string, unknown>);
    });
  });
}

function parseFaults(v: Record<string, unknown>): Faults {
  const bad = (msg: string) => new DemoError(400, 'bad_request', msg);
  const latency = v.latency_ms ?? 0;
  if (typeof latency !== 'number' || !(latency >= 0) || latency > 120_000)
    throw bad('latency_ms must be a number of ms (0..120000)');
  const failIn = v.fail ?? [];
  if (!Array.isArray(failIn)) throw bad('fail must be an array');
  const fail = failIn.map((f: unknown, i: number): FailFault => {
    if (typeof f !== 'object' || f === null) throw bad(`fail[${i}] must be an object`);
    const o = f as Record<string, unknown>;
    if (typeof o.route !== 'string' || !ROUTE_NAMES.has(o.route))
      throw bad(`fail[${i}].route must be one of ${[...ROUTE_NAMES].join(', ')}`);
    const status = o.status ?? 503;
    if (typeof status !== 'number' || !Number.isInteger(status) || status < 200 || status > 599)
      throw bad(`fail[${i}].status must be an HTTP status`);
    const times = o.times ?? 1;
    if (typeof times !== 'number' || !Number.isInteger(times) || times < 1)
      throw bad(`fail[${i}].times must be a positive integer`);
    if (o.raw !== undefined && typeof o.raw !== 'string') throw bad(`fail[${i}].raw must be a string`);
    if (o.retry_after !== undefined && (typeof o.retry_after !== 'number' || o.retry_after < 0))
      throw bad(`fail[${i}].retry_after must be seconds`);
    return {
      route: o.route as DemoRoute,
      status,
      times,
      body: o.body,
      raw: o.raw as string | undefined,
      retry_after: o.retry_after as number | undefined,
    };
  });
  const dropIn = v.drop_after_apply ?? [];
  if (!Array.isArray(dropIn) || !dropIn.every((d) => typeof d === 'string' && ROUTE_NAMES.has(d))) {
    throw bad('drop_after_apply must be a list of route names');
  }
  return { latencyMs: latency, fail, drop: dropIn as DemoRoute[] };
}

/** The key of `Authorization: Bearer <key>`, the only place Vast reads it from (no `?api_key=`). */
function bearerKey(req: IncomingMessage): string | null {
  const h = req.headers.authorization;
  return typeof h === 'string' && /^Bearer\s+/i.test(h) ? h.replace(/^Bearer\s+/i, '').trim() : null;
}

/**
 * Starts the demo API, as strict as Vast: paths end with `/`, the key only from
 * `Authorization: Bearer`, a used authenticator code refused for the rest of its window.
 * `POST /api/v0/tfa/` logs in (a session key that works as an API key until it expires; then
 * every call with it answers 404 "Session expired. Please log in again."). POST /__demo/sessions
 * sets how long new session keys live (`session_ttl_s`) or expires them all (`expire_all`).
 * Faults (POST /__demo/faults):
 * - `fail` entries answer `status` (default 503) `times` times (default 1) before the route works again,
 *   with `body` as JSON, or `raw` as text, or a generic error body (`service_unavailable` for 503);
 *   `retry_after` adds a Retry-After header.
 * - `drop_after_apply`: each listed route, once per listing, runs normally and, when it succeeded
 *   (2xx), destroys the socket instead of answering. Error answers do not consume the drop.
 * - `latency_ms` delays every API answer (not the control endpoints).
 */
export async function startDemoServer(o: DemoServerOptions = {}): Promise<DemoServer> {
  const { port = 0, host = '127.0.0.1', now = Date.now } = o;
  const account = new DemoAccount(now);
  let faults: Faults = { latencyMs: 0, fail: [], drop: [] };
  const timers = new Set<NodeJS.Timeout>();

  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  async function control(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (path === '/__demo/inbox' && req.method === 'GET') {
      return send(res, 200, {
        totp_code: account.currentTotp(),
        messages: account.messages.map((m) => ({ ...m })),
        backup_codes: account.unusedBackupCodes(),
      });
    }
    if (
      req.method !== 'POST' ||
      !['/__demo/faults', '/__demo/reset', '/__demo/account', '/__demo/sessions'].includes(path)
    ) {
      return send(res, 404, { error: 'not_found', msg: 'Unknown demo control endpoint' });
    }
    const body = await readJson(req);
    if (path === '/__demo/reset') {
      account.reset();
      faults = { latencyMs: 0, fail: [], drop: [] };
    } else if (path === '/__demo/faults') {
      faults = parseFaults(body);
    } else if (path === '/__demo/sessions') {
      const ttl = body.session_ttl_s;
      if (ttl !== undefined && (typeof ttl !== 'number' || !(ttl >= 0)))
        throw new DemoError(400, 'bad_request', 'session_ttl_s must be seconds');
      if (typeof ttl === 'number') account.sessionTtlS = ttl;
      if (body.expire_all === true) account.expireSessions();
    } else {
      account.replace(body);
    }
    send(res, 200, { ok: true });
  }

  async function api(req: IncomingMessage, res: ServerResponse, route: DemoRoute): Promise<void> {
    if (faults.latencyMs > 0) await delay(faults.latencyMs);
    const f = faults.fail.find((x) => x.route === route && x.times > 0);
    if (f) {
      f.times -= 1;
      req.resume();
      const headers: Record<string, string> =
        f.retry_after !== undefined ? { 'Retry-After': String(f.retry_after) } : {};
      if (f.raw !== undefined) {
        res.writeHead(f.status, {
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Length': Buffer.byteLength(f.raw),
          ...headers,
        });
        res.end(f.raw);
        return;
      }
      const [error, msg] = GENERIC_ERRORS[f.status] ?? ['error', `HTTP ${f.status}`];
      return send(res, f.status, f.body !== undefined ? f.body : { error, msg }, headers);
    }
    const key = bearerKey(req);
    const session = key === null ? 'unknown' : account.session(key);
    if (session === 'expired') {
      req.resume();
      return send(res, 404, { msg: SESSION_EXPIRED_MSG });
    }
    if (key !== DEMO_API_KEY && session !== 'live') {
      req.resume();
      return send(res, 401, { error: 'auth_error', msg: 'Invalid user key' });
    }
    const body = route === 'status' ? (req.resume(), {}) : await readJson(req);
    let out: Record<string, unknown>;
    switch (route) {
      case 'status':
        out = account.status();
        break;
      case 'sms':
        out = account.sendSms(body);
        break;
      case 'resend':
        out = account.resendSms(body);
        break;
      case 'email':
        out = account.sendEmail();
        break;
      case 'regen':
        out = account.regenerate(body);
        break;
      case 'login':
        out = account.login(body);
        break;
    }
    const di = faults.drop.indexOf(route);
    if (di >= 0) {
      faults.drop.splice(di, 1);
      req.socket.destroy();
      return;
    }
    send(res, 200, out);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://demo.invalid');
    const path = url.pathname;
    if (path.startsWith('/__demo/')) {
      // They read the codes and change the account without any key: this machine's clients only.
      if (!isLoopback(req.socket.remoteAddress)) {
        req.resume();
        return send(res, 403, { error: 'forbidden', msg: 'Demo control endpoints answer loopback clients only' });
      }
      return control(req, res, path.replace(/\/+$/, ''));
    }
    const r = ROUTES[path];
    if (!r) {
      req.resume();
      return send(res, 404, { error: 'not_found', msg: `No route for ${path.slice(0, 100)}` });
    }
    if (req.method !== r.method) {
      req.resume();
      return send(
        res,
        405,
        { error: 'method_not_allowed', msg: `Use ${r.method} for this endpoint` },
        { Allow: r.method },
      );
    }
    return api(req, res, r.route);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (e instanceof DemoError) return sendError(res, e);
      send(res, 400, { error: 'bad_request', msg: 'The request could not be handled' });
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (err: Error) => reject(err);
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const addr = server.address() as AddressInfo;
  const shownHost = addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;

  return {
    url: `http://${shownHost}:${addr.port}`,
    apiKey: DEMO_API_KEY,
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
