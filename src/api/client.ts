import { Agent as HttpAgent, type ClientRequest, type IncomingMessage } from 'node:http';
import zlib from 'node:zlib';
import got, {
  AbortError,
  type Got,
  type Method,
  type OptionsInit,
  type RequestError,
  type Response,
  type RetryObject,
  TimeoutError,
} from 'got';
import type { KeySource } from '../config.js';
import type { Challenge, RegenResult, TfaApi, TfaStatus, Verification } from './types.js';
import { ApiError, badResponse, errorFromResponse, networkError, outcomeUnknown, type ErrorContext } from './errors.js';
import { buildRegenBody } from './payload.js';
import { isObject, parseChallenge, parseRegen, parseStatus } from './shapes.js';
import { traceFailure, traceRequest, traceResponse } from './explain.js';
import { Secrets } from '../text/redact.js';
import { inert } from '../text/sanitize.js';
import { salvageRegen } from './salvage.js';
import {
  headerFailure,
  headerRefused,
  proxyAuthRefused,
  proxyFailure,
  unsentThroughProxy,
  type Proxy,
} from './proxy.js';

export interface ClientOptions {
  /** e.g. https://console.vast.ai (no /api/v0). */
  baseUrl: string;
  key: KeySource;
  /** Used once, when `key` is an expired 2FA session key. */
  fallbackKey?: KeySource | null;
  /** Attempts for transient failures. @default 3 */
  retry?: number;
  /** Per-request timeout. @default 30000 */
  timeoutMs?: number;
  /** Receives the --explain trace, a line at a time. */
  explain?: (line: string) => void;
  /** Receives things the user must be told (key fallback). */
  notice?: (msg: string) => void;
  /** @default 'vastai-regen-codes' */
  userAgent?: string;
  /** Longest honoured Retry-After. @default 10000 */
  maxRetryAfterMs?: number;
  /** First back-off pause; later ones grow 1.5x. @default 150 */
  backoffMs?: number;
  /** Largest answer read, after decompression. @default 1 MiB */
  maxResponseBytes?: number;
  /** For tests: how to wait between attempts (got waits itself otherwise). */
  sleep?: (ms: number) => Promise<void>;
  /**
   * The run's redaction (text/redact.ts): the client adds the key, codes and challenge secrets it
   * learns, and redacts its trace with it. @default a Secrets of its own
   */
  secrets?: Secrets;
  /** The proxy every request goes through (api/proxy.ts, from the environment), or none. */
  proxy?: Proxy | null;
}

/** Far above any answer of the 2FA API (a few hundred bytes), far below what could hurt. */
export const MAX_RESPONSE_BYTES = 1024 * 1024;

/**
 * Connection errors that happen before a request leaves this machine (refused, no such host, no
 * route, TLS or DNS failures): the request was never sent, so even the regenerate call may go again.
 */
const NOT_SENT = ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL'];
/** Timeouts of these phases also mean the request never left. */
const NOT_SENT_TIMEOUTS = new Set(['lookup', 'connect', 'secureConnect']);
/** Errors of a request that may have reached the server: retried only when that changes nothing. */
const MAYBE_SENT = ['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ERR_STREAM_PREMATURE_CLOSE', 'ECONNABORTED'];
/** 429 answers that waiting a moment does not cure. */
const FINAL_429 = new Set(['tfa_locked', 'sms_rate_limited', 'twilio_rate_limited']);

/**
 * What may be retried, per kind of call, as got's retry options. A read is retried on every
 * transient failure, gateway errors included (as the official CLI does). A POST may have sent an
 * SMS: once it may have reached the server (a gateway error, a broken connection) it is not sent
 * again; 503 and a 429 say the server did nothing. The regenerate PUT goes again only when its
 * attempt provably never left this machine (no connection, no TLS session): never for an answer,
 * whatever its status, nor for a timeout or a broken connection (see delay()).
 */
const RETRY_WHEN = {
  read: { methods: ['GET'] as Method[], statusCodes: [429, 502, 503, 504], errorCodes: [...NOT_SENT, ...MAYBE_SENT] },
  change: { methods: ['POST'] as Method[], statusCodes: [429, 503], errorCodes: [...NOT_SENT, 'ETIMEDOUT'] },
  regenerate: { methods: ['PUT'] as Method[], statusCodes: [] as number[], errorCodes: NOT_SENT },
};

type Call = {
  method: Method;
  path: string;
  body?: Record<string, unknown>;
  ctx?: ErrorContext;
  /** PUT regen: an answer we never saw may have changed the account. */
  changesAccount?: boolean;
};

type Answer = {
  status: number;
  json: unknown;
  text: string;
  retryAfterMs: number | null;
  /** The regenerate answer was damaged (cut, or bytes after its JSON) but held the codes: how. */
  damaged?: string;
};

/** An answer's body, decompressed and parsed once (json undefined when it is not JSON). */
type Body = { text: string; json: unknown };

/** What the hooks of one call share: the key switch, when each attempt started, the last answer. */
interface CallState {
  call: Call;
  switchedKey: boolean;
  startedAt: number;
  tooLarge: boolean;
  /** The body of the latest answer, read by afterResponse; null when it was too large to read. */
  body?: Body | null;
  /** An attempt of this call may have reached the server (it was not provably stopped before). */
  left: boolean;
  /** The regenerate PUT: the latest answer's status and bytes as they came, for an answer cut short. */
  partial?: { status: number; encoding: string | undefined; chunks: Buffer[] };
}

/** Where a key came from, in words (never the key itself). */
function keyOrigin(k: KeySource): string {
  switch (k.from) {
    case 'flag':
      return '--api-key';
    case 'env':
      return 'the VAST_API_KEY variable';
    case 'demo':
      return 'the demo (--demo)';
    case 'prompt':
      return 'what was typed at the prompt';
    default:
      return `the file ${k.path ?? (k.from === 'tfa_key_file' ? 'vast_tfa_key' : 'vast_api_key')}`;
  }
}

function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (!value) return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/** The error code of a JSON error body, or ''. */
function bodyErrorCode(json: unknown): string {
  return isObject(json) && typeof json.error === 'string' ? json.error : '';
}

/**
 * A timeout or connection error that happened before the request left this machine: no
 * connection, or no TLS session (a certificate refused, https to a plain-http port), whatever the
 * error's code.
 */
function neverSent(e: RequestError, https: boolean, proxy: Proxy | null | undefined): boolean {
  if (proxy) return unsentThroughProxy(proxy, e);
  if (e instanceof TimeoutError) return NOT_SENT_TIMEOUTS.has(e.event);
  const t = e.timings;
  const noSession = t !== undefined && (https ? t.secureConnect : t.connect) === undefined;
  return NOT_SENT.includes(e.code ?? '') || noSession;
}

/** Too large to read: thrown by decode() and the size watch. */
class TooLarge extends Error {}

/**
 * The body as text. Compression is not asked for (answers are small); an answer gzip- or
 * deflate-compressed all the same is decompressed here, never beyond `max` bytes. Any other
 * encoding cannot be read ('' : not JSON).
 */
function decode(raw: Uint8Array, encoding: string | undefined, max: number, cut = false): string {
  const enc = (encoding ?? '').trim().toLowerCase();
  // A body cut short: decompress what came (a sync flush instead of an error at the missing end).
  const opts = { maxOutputLength: max, ...(cut ? { finishFlush: zlib.constants.Z_SYNC_FLUSH } : {}) };
  let out: Buffer;
  try {
    if (enc === '' || enc === 'identity') out = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    else if (enc === 'gzip' || enc === 'x-gzip') out = zlib.gunzipSync(raw, opts);
    else if (enc === 'deflate') {
      try {
        out = zlib.inflateSync(raw, opts);
      } catch (e) {
        if (e instanceof RangeError) throw e;
        out = zlib.inflateRawSync(raw, opts);
      }
    } else return '';
  } catch (e) {
    if (e instanceof RangeError) throw new TooLarge();
    return '';
  }
  if (out.length > max) throw new TooLarge();
  return out.toString('utf8');
}

/** The Vast.ai 2FA API over got, with the failure policy of this project (see README). */
export class TfaClient implements TfaApi {
  private key: KeySource;
  private fallbackKey: KeySource | null;
  private readonly http: Got;
  private readonly secrets: Secrets;
  /** e.g. https://console.vast.ai/api/v0/ — every path is relative to it. */
  private readonly apiBase: string;
  private readonly o: Required<
    Pick<ClientOptions, 'retry' | 'maxRetryAfterMs' | 'backoffMs' | 'userAgent' | 'maxResponseBytes'>
  > &
    ClientOptions;

  constructor(options: ClientOptions) {
    this.o = {
      retry: 3,
      maxRetryAfterMs: 10_000,
      backoffMs: 150,
      userAgent: 'vastai-regen-codes',
      maxResponseBytes: MAX_RESPONSE_BYTES,
      ...options,
    };
    this.key = options.key;
    this.fallbackKey = options.fallbackKey ?? null;
    this.secrets = options.secrets ?? new Secrets();
    this.secrets.add(this.key.key, 'key');
    this.secrets.add(this.fallbackKey?.key, 'key');
    this.apiBase = `${options.baseUrl.replace(/\/+$/, '')}/api/v0/`;
    this.http = got.extend({
      prefixUrl: this.apiBase,
      timeout: { request: options.timeoutMs ?? 30_000 },
      throwHttpErrors: false, // a refusal is an answer: mapped to an ApiError below
      followRedirect: false,
      responseType: 'buffer',
      decompress: false, // see decode()
      retry: {
        limit: Math.max(1, this.o.retry) - 1,
        maxRetryAfter: Number.POSITIVE_INFINITY, // longer waits are cut to maxRetryAfterMs, not refused
        calculateDelay: (r) => this.delay(r),
      },
      hooks: {
        beforeRequest: [(o, { retryCount }) => this.beforeRequest(o.context.state as CallState, o, retryCount)],
        afterResponse: [(res, retryWith) => this.afterResponse(res, retryWith)],
        beforeRetry: [(e) => this.traceFailed(e)],
        beforeError: [
          (e) => {
            this.traceFailed(e);
            return e;
          },
        ],
      },
    });
  }

  async status(): Promise<TfaStatus> {
    const a = await this.call({ method: 'GET', path: 'tfa/status/' });
    return parseStatus(a.json, a.status);
  }

  async sendSms(): Promise<Challenge> {
    const a = await this.call({ method: 'POST', path: 'tfa/sms/', body: {}, ctx: { channel: 'sms' } });
    return this.challenge(a);
  }

  async resendSms(secret: string): Promise<Challenge> {
    const a = await this.call({ method: 'POST', path: 'tfa/sms/resend/', body: { secret }, ctx: { channel: 'sms' } });
    return this.challenge(a);
  }

  async sendEmail(): Promise<Challenge> {
    const a = await this.call({ method: 'POST', path: 'tfa/email/', body: {}, ctx: { channel: 'email' } });
    return this.challenge(a);
  }

  /** A challenge's secret is a secret from the moment it arrives (a server may repeat it in a message). */
  private challenge(a: Answer): Challenge {
    const c = parseChallenge(a.json, a.status);
    this.secrets.add(c.secret, 'key');
    return c;
  }

  async regenerate(v: Verification): Promise<RegenResult> {
    this.secrets.add(v.kind === 'code' ? v.code : v.backupCode, 'code');
    this.secrets.add(v.secret, 'key');
    const channel = v.kind === 'code' ? (v.channel ?? v.methodType) : undefined;
    const ctx: ErrorContext = channel ? { channel } : {};
    try {
      const a = await this.call({
        method: 'PUT',
        path: 'tfa/regen-backup-codes/',
        body: buildRegenBody(v),
        ctx,
        changesAccount: true,
      });
      const parsed = parseRegen(a.json);
      if (!parsed) throw outcomeUnknown(`HTTP ${a.status}, an answer without the new codes`, a.status);
      if (a.damaged) {
        parsed.warnings = [
          `The server's answer was damaged (${a.damaged}); the whole list of codes had arrived and is kept as sent.`,
          ...(parsed.warnings ?? []),
        ];
      }
      // Whatever else is redacted, never the new codes (as shown, and as received for --raw).
      const listed = (parsed.body as { backup_codes: unknown }).backup_codes;
      this.secrets.keep([
        ...parsed.backupCodes,
        ...(Array.isArray(listed) ? listed : [listed]).filter((c): c is string => typeof c === 'string'),
      ]);
      return parsed;
    } catch (e) {
      if (e instanceof ApiError && e.outcomeUnknown) await this.recheck(e);
      throw e;
    }
  }

  /** After an unknown outcome, ask how many codes the account has now. */
  private async recheck(e: ApiError): Promise<void> {
    try {
      e.backupCodesRemaining = (await this.status()).backupCodesRemaining;
    } catch {
      e.backupCodesRemaining = null;
    }
  }

  private headers(withBody: boolean): Record<string, string> {
    const h: Record<string, string> = {
      Authorization: `Bearer ${this.key.key}`,
      Accept: 'application/json',
      'User-Agent': this.o.userAgent,
    };
    if (withBody) h['Content-Type'] = 'application/json';
    return h;
  }

  /** Sends trace lines out, through the run's redaction. */
  private trace(lines: string[]): void {
    if (!this.o.explain) return;
    for (const l of lines) this.o.explain(this.secrets.redact(l));
  }

  /**
   * got's retry decision: its rules (limit, methods, status codes, error codes: computedValue 0
   * when they say no), plus what they cannot say: a request that never left may always go again
   * (a TLS failure has no code to list), a 429 that waiting does not cure is final, and a POST or
   * the PUT that may have arrived (a timeout after connecting) never goes again.
   */
  private async delay({ attemptCount, retryOptions, error, retryAfter, computedValue }: RetryObject): Promise<number> {
    if (error.name === 'RetryError') return 1; // the key switch: at once
    if (attemptCount > retryOptions.limit) return 0;
    if (proxyAuthRefused(error) || headerRefused(error)) return 0; // the same again gets the same refusal
    const state = error.options.context.state as CallState;
    const unsent = !error.response && neverSent(error, this.o.baseUrl.startsWith('https:'), this.o.proxy);
    if (!unsent) state.left = true;
    // The regenerate request: at most once. Only an attempt that never left may go again, and only
    // while no earlier attempt may have left.
    if (state.call.changesAccount && (!unsent || state.left)) return 0;
    if (computedValue === 0 && !unsent) return 0;
    if (error.response) {
      if (error.response.statusCode === 429 && FINAL_429.has(bodyErrorCode(state.body?.json))) return 0;
    } else if (state.call.method !== 'GET' && !unsent) {
      return 0;
    }
    const ms =
      retryAfter !== undefined
        ? Math.min(retryAfter, this.o.maxRetryAfterMs)
        : this.o.backoffMs * 1.5 ** (attemptCount - 1 - (state.switchedKey ? 1 : 0)); // the switch is not an attempt
    if (!this.o.sleep) return ms;
    await this.o.sleep(ms);
    return 1;
  }

  private beforeRequest(
    state: CallState,
    o: { headers: Record<string, unknown>; method: string; url?: URL | string },
    retryCount: number,
  ): void {
    state.startedAt = Date.now();
    const attempt = retryCount + 1 - (state.switchedKey ? 1 : 0);
    this.trace(
      traceRequest({
        method: o.method,
        url: String(o.url),
        headers: o.headers as Record<string, string>,
        body: state.call.body,
        attempt,
        keyFrom: keyOrigin(this.key),
        secrets: this.secrets,
      }),
    );
    if (this.o.proxy) this.trace([`  (through the proxy ${this.o.proxy.shown}, from ${this.o.proxy.from})`]);
  }

  /** Traces each answer; an expired 2FA session key is swapped for vast_api_key once (not an attempt). */
  private afterResponse(res: Response, retryWith: (o: OptionsInit) => never): Response {
    const state = res.request.options.context.state as CallState;
    let shown: unknown;
    try {
      const text = decode(res.rawBody ?? new Uint8Array(0), res.headers['content-encoding'], this.o.maxResponseBytes);
      state.body = { text, json: parseJson(text) };
      shown = state.body.json ?? text;
    } catch {
      state.body = null; // reported by call()
      shown = `[an answer larger than ${this.o.maxResponseBytes} bytes after decompression, not read]`;
    }
    this.trace(traceResponse(res.statusCode, Date.now() - state.startedAt, shown, this.secrets));
    if (!state.switchedKey && this.fallbackKey && state.body && this.sessionExpired(res.statusCode, state.body.json)) {
      state.switchedKey = true;
      this.fallBack(this.fallbackKey);
      const limit = (res.request.options.retry.limit ?? 0) + 1;
      // The retry is got's own (afterResponse's retryWithMergedOptions); it must be returned.
      return retryWith({ headers: { authorization: `Bearer ${this.key.key}` }, retry: { limit }, preserveHooks: true });
    }
    return res;
  }

  private traceFailed(e: RequestError): void {
    const state = e.options?.context?.state as CallState | undefined;
    if (
      state &&
      e.name !== 'RetryError' &&
      (e.response || !neverSent(e, this.o.baseUrl.startsWith('https:'), this.o.proxy))
    )
      state.left = true;
    if (e.response || e.name === 'RetryError' || e instanceof AbortError) return;
    const what = e instanceof TimeoutError ? `timed out (${e.event})` : e.code || 'connection failed';
    this.trace(traceFailure(what, state ? Date.now() - state.startedAt : 0));
  }

  /** One logical call: got's retries and hooks, then the answer mapped to an Answer or an ApiError. */
  private async call(c: Call): Promise<Answer> {
    const state: CallState = { call: c, switchedKey: false, startedAt: Date.now(), tooLarge: false, left: false };
    const max = this.o.maxResponseBytes;
    let res: Response<Uint8Array>;
    const abort = new AbortController();
    try {
      // The PUT goes on a new connection: on a pooled keep-alive socket that the server closed
      // meanwhile (the user sat on the confirmation), it would fail as "connection broke" — an
      // outcome we could not tell from a lost answer — instead of a clean refusal we can retry.
      const agent = c.changesAccount ? await this.freshAgent() : await this.pooledAgent();
      const request = this.http(c.path, {
        responseType: 'buffer',
        method: c.method,
        headers: this.headers(c.body !== undefined),
        agent,
        // `json`, not a `body` string: for a `body` got first checks `instanceof FormData`, and the
        // first look at that global makes Node load undici (fetch and all), ~150 M instructions.
        json: c.body,
        retry: c.changesAccount ? RETRY_WHEN.regenerate : c.method === 'GET' ? RETRY_WHEN.read : RETRY_WHEN.change,
        context: { state },
        signal: abort.signal,
      });
      if (c.changesAccount) {
        // The bytes of the answer as they come: if its stream breaks after the codes arrived, they
        // are still kept (salvage.ts). Got reads the answer with 'readable', so this sees every chunk.
        request.on('request', (req: ClientRequest) =>
          req.once('response', (res: IncomingMessage) => {
            state.left = true;
            const partial = {
              status: res.statusCode ?? 0,
              encoding: res.headers['content-encoding'],
              chunks: [] as Buffer[],
            };
            state.partial = partial;
            res.on('data', (chunk: Buffer) => {
              partial.chunks.push(chunk);
            });
          }),
        );
      }
      // Answers larger than the cap are not read to the end (a declared length is refused at once).
      request.on('downloadProgress', (p: { transferred: number; total?: number }) => {
        if (p.transferred > max || (p.total ?? 0) > max) {
          state.tooLarge = true;
          abort.abort();
        }
      });
      res = await request;
    } catch (e) {
      if (state.tooLarge)
        this.trace(traceFailure(`answer larger than ${max} bytes, not read`, Date.now() - state.startedAt));
      const kept = c.changesAccount && !state.tooLarge ? this.salvaged(state, e) : null;
      if (kept) return kept;
      throw this.failure(c, state, e);
    }
    // Every answer passed afterResponse, which read its body (got resolves only after the hooks).
    if (!state.body) throw this.failure(c, { ...state, tooLarge: true }, null);
    const { text, json } = state.body;
    const retryAfterMs = parseRetryAfter(res.headers['retry-after'] as string | undefined, Date.now());
    const a: Answer = { status: res.statusCode, json, text, retryAfterMs };
    if (a.status >= 200 && a.status < 300) {
      if (a.json === undefined) {
        if (c.changesAccount) {
          const json = salvageRegen(text);
          if (json !== undefined) return { ...a, json, damaged: 'more bytes after its JSON' };
          throw outcomeUnknown(`HTTP ${a.status}, an answer that is not JSON`, a.status);
        }
        throw badResponse(a.status, 'not JSON');
      }
      return a;
    }
    const body = isObject(a.json) ? a.json : null;
    if (a.status === 407 && this.o.proxy) throw proxyFailure(this.o.proxy, null, 407);
    if (this.sessionExpired(a.status, json)) {
      // and there was no vast_api_key to switch to
      throw new ApiError({ code: 'session_expired', status: a.status });
    }
    if (c.changesAccount && !this.refusal(a)) {
      // Not the server's own refusal of the request: it may have been applied before this answer.
      const said = inert(body !== null ? (body.msg ?? body.message ?? '') : '', 80);
      throw outcomeUnknown(
        `HTTP ${a.status}${said ? `: ${said}` : ''}`,
        a.status,
        a.retryAfterMs !== null ? Math.ceil(a.retryAfterMs / 1000) : null,
      );
    }
    if (a.json === undefined && a.text.trim() !== '' && a.status !== 401) {
      throw badResponse(a.status, 'not JSON');
    }
    throw errorFromResponse(
      a.status,
      body,
      { ...c.ctx, keyFrom: keyOrigin(this.key) },
      a.retryAfterMs !== null ? Math.ceil(a.retryAfterMs / 1000) : null,
    );
  }

  /**
   * A non-2xx answer to the regenerate request that is the server's own refusal of it (a wrong
   * code, a lock, a bad request, a key refused): the codes did not change. Anything else (a 5xx, a
   * bare 429, a gateway's page) may come after the change was applied.
   */
  private refusal(a: Answer): boolean {
    if (a.status >= 500 || !isObject(a.json)) return false;
    const code = bodyErrorCode(a.json);
    if (a.status === 429) return FINAL_429.has(code);
    return code !== '' || a.status === 401 || a.status === 403;
  }

  /**
   * The regenerate answer whose stream broke (a declared length longer than what came, a chunked
   * stream cut, a stalled body): its codes when the whole list had arrived, else null.
   */
  private salvaged(state: CallState, e: unknown): Answer | null {
    const p = state.partial;
    if (!p || p.status < 200 || p.status >= 300 || p.chunks.length === 0) return null;
    let text: string;
    try {
      text = decode(Buffer.concat(p.chunks), p.encoding, this.o.maxResponseBytes, true);
    } catch {
      return null;
    }
    const json = salvageRegen(text);
    if (json === undefined) return null;
    const how =
      e instanceof TimeoutError
        ? 'it stopped arriving'
        : `the connection broke before its end: ${(e as RequestError).code ?? 'closed'}`;
    this.trace(traceResponse(p.status, Date.now() - state.startedAt, json, this.secrets));
    return { status: p.status, json, text, retryAfterMs: null, damaged: inert(how, 80) };
  }

  /** What a call that got no usable answer became. */
  private failure(c: Call, state: CallState, e: unknown): ApiError {
    if (e instanceof ApiError) return e;
    if (state.tooLarge) {
      const what = `an answer larger than ${Math.round(this.o.maxResponseBytes / 1024)} KiB`;
      if (c.changesAccount) return outcomeUnknown(what, null);
      return badResponse(null, what);
    }
    const err = e as RequestError;
    const timeout = e instanceof TimeoutError;
    const early = headerFailure(err) ?? proxyFailure(this.o.proxy ?? null, err);
    if (early) return early;
    if (!c.changesAccount) return networkError(this.o.baseUrl, err.code || err.message, timeout);
    // Never sent only when no attempt of it may have left: the last attempt's facts are not enough.
    if (state.left || !neverSent(err, this.o.baseUrl.startsWith('https:'), this.o.proxy)) {
      return outcomeUnknown(timeout ? 'no answer in time' : 'the connection broke', null);
    }
    // A change that never left this machine: marked, so it is not taken for an unknown outcome.
    return networkError(this.o.baseUrl, err.code || err.message, timeout, true);
  }

  /** A 2FA session key that expired: 401 "Invalid user key" or 404 "Session expired" to a vast_tfa_key. */
  private sessionExpired(status: number, json: unknown): boolean {
    if (this.key.from !== 'tfa_key_file') return false;
    const msg = isObject(json) && typeof json.msg === 'string' ? json.msg : '';
    return (status === 401 && /invalid user key/i.test(msg)) || (status === 404 && /session expired/i.test(msg));
  }

  /** Switches to vast_api_key (once) and says so. */
  private fallBack(fallback: KeySource): void {
    this.o.notice?.(
      'Your 2FA session key (vast_tfa_key) has expired; using vast_api_key instead. Run `vastai tfa login` for a ' +
        'new session.',
    );
    this.key = fallback;
    this.fallbackKey = null;
  }

  /** The proxy's agents shared by the calls that may reuse a connection; got's own without a proxy. */
  private pooled?: Promise<Agents>;
  private pooledAgent(): Promise<Agents> | undefined {
    const p = this.o.proxy;
    if (!p) return undefined;
    this.pooled ??= import('./proxy-agents.js').then((m) => m.proxyAgents(p, true));
    return this.pooled;
  }

  /** An agent that opens a new connection; node:https is loaded only for https URLs. */
  private async freshAgent(): Promise<Agents> {
    const p = this.o.proxy;
    if (p) return (await import('./proxy-agents.js')).proxyAgents(p, false);
    if (!this.o.baseUrl.startsWith('https:')) return { http: new HttpAgent({ keepAlive: false }) };
    const { Agent } = await import('node:https');
    return { https: new Agent({ keepAlive: false }) };
  }
}

type Agents = { http?: HttpAgent; https?: import('node:https').Agent };

function parseJson(text: string): unknown {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function createClient(o: ClientOptions): TfaApi {
  return new TfaClient(o);
}
