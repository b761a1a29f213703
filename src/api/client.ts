import { Agent as HttpAgent } from 'node:http';
import zlib from 'node:zlib';
import got, {
  CancelError,
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
import { secrets } from '../text/redact.js';

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
 * SMS, and the PUT may have replaced the codes: once either may have reached the server (a
 * gateway error, a broken connection, a timeout after connecting) it is never sent again. Only
 * 503 and a 429 say the server did nothing.
 */
const RETRY_WHEN = {
  read: { methods: ['GET'] as Method[], statusCodes: [429, 502, 503, 504], errorCodes: [...NOT_SENT, ...MAYBE_SENT] },
  change: { methods: ['POST', 'PUT'] as Method[], statusCodes: [429, 503], errorCodes: [...NOT_SENT, 'ETIMEDOUT'] },
};

type Call = {
  method: Method;
  path: string;
  body?: Record<string, unknown>;
  ctx?: ErrorContext;
  /** PUT regen: an answer we never saw may have changed the account. */
  changesAccount?: boolean;
};

type Answer = { status: number; json: unknown; text: string; retryAfterMs: number | null };

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
function neverSent(e: RequestError, https: boolean): boolean {
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
function decode(raw: Buffer, encoding: string | undefined, max: number): string {
  const enc = (encoding ?? '').trim().toLowerCase();
  const opts = { maxOutputLength: max };
  let out: Buffer;
  try {
    if (enc === '' || enc === 'identity') out = raw;
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
    secrets.add(this.key.key, 'key');
    secrets.add(this.fallbackKey?.key, 'key');
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
    secrets.add(c.secret, 'key');
    return c;
  }

  async regenerate(v: Verification): Promise<RegenResult> {
    secrets.add(v.kind === 'code' ? v.code : v.backupCode, 'code');
    secrets.add(v.secret, 'key');
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
      // Whatever else is redacted, never the new codes (as shown, and as received for --raw).
      const listed = (parsed.body as { backup_codes: unknown }).backup_codes;
      secrets.keep([
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
    for (const l of lines) this.o.explain(secrets.redact(l));
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
    const state = error.options.context.state as CallState;
    const unsent = !error.response && neverSent(error, this.o.baseUrl.startsWith('https:'));
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
      }),
    );
  }

  /** Traces each answer; an expired 2FA session key is swapped for vast_api_key once (not an attempt). */
  private afterResponse(res: Response, retryWith: (o: OptionsInit) => never): Response {
    const state = res.request.options.context.state as CallState;
    let shown: unknown;
    try {
      const text = decode(res.rawBody ?? Buffer.alloc(0), res.headers['content-encoding'], this.o.maxResponseBytes);
      state.body = { text, json: parseJson(text) };
      shown = state.body.json ?? text;
    } catch {
      state.body = null; // reported by call()
      shown = `[an answer larger than ${this.o.maxResponseBytes} bytes after decompression, not read]`;
    }
    this.trace(traceResponse(res.statusCode, Date.now() - state.startedAt, shown));
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
    if (e.response || e.name === 'RetryError' || e instanceof CancelError) return;
    const state = e.options?.context?.state as CallState | undefined;
    const what = e instanceof TimeoutError ? `timed out (${e.event})` : e.code || 'connection failed';
    this.trace(traceFailure(what, state ? Date.now() - state.startedAt : 0));
  }

  /** One logical call: got's retries and hooks, then the answer mapped to an Answer or an ApiError. */
  private async call(c: Call): Promise<Answer> {
    const state: CallState = { call: c, switchedKey: false, startedAt: Date.now(), tooLarge: false };
    const max = this.o.maxResponseBytes;
    let res: Response<Buffer>;
    try {
      // The PUT goes on a new connection: on a pooled keep-alive socket that the server closed
      // meanwhile (the user sat on the confirmation), it would fail as "connection broke" — an
      // outcome we could not tell from a lost answer — instead of a clean refusal we can retry.
      const agent = c.changesAccount ? await this.freshAgent() : undefined;
      const request = this.http(c.path, {
        responseType: 'buffer',
        method: c.method,
        headers: this.headers(c.body !== undefined),
        agent,
        body: c.body === undefined ? undefined : JSON.stringify(c.body),
        retry: c.method === 'GET' ? RETRY_WHEN.read : RETRY_WHEN.change,
        context: { state },
      });
      // Answers larger than the cap are not read to the end (a declared length is refused at once).
      request.on('downloadProgress', (p: { transferred: number; total?: number }) => {
        if (p.transferred > max || (p.total ?? 0) > max) {
          state.tooLarge = true;
          request.cancel();
        }
      });
      res = await request;
    } catch (e) {
      if (state.tooLarge)
        this.trace(traceFailure(`answer larger than ${max} bytes, not read`, Date.now() - state.startedAt));
      throw this.failure(c, state, e);
    }
    // Every answer passed afterResponse, which read its body (got resolves only after the hooks).
    if (!state.body) throw this.failure(c, { ...state, tooLarge: true }, null);
    const { text, json } = state.body;
    const retryAfterMs = parseRetryAfter(res.headers['retry-after'] as string | undefined, Date.now());
    const a: Answer = { status: res.statusCode, json, text, retryAfterMs };
    if (a.status >= 200 && a.status < 300) {
      if (a.json === undefined) {
        if (c.changesAccount) throw outcomeUnknown(`HTTP ${a.status}, an answer that is not JSON`, a.status);
        throw badResponse(a.status, 'not JSON');
      }
      return a;
    }
    const body = isObject(a.json) ? a.json : null;
    if (this.sessionExpired(a.status, json)) {
      // and there was no vast_api_key to switch to
      throw new ApiError({ code: 'session_expired', status: a.status });
    }
    if (c.changesAccount && (a.status === 502 || a.status === 504)) {
      throw outcomeUnknown(`HTTP ${a.status} from a gateway`, a.status);
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
    if (!c.changesAccount) return networkError(this.o.baseUrl, err.code || err.message, timeout);
    if (!neverSent(err, this.o.baseUrl.startsWith('https:'))) {
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
      'Your 2FA session key (vast_tfa_key) has expired; using vast_api_key instead. Run `vastai tfa login` for a new session.',
    );
    this.key = fallback;
    this.fallbackKey = null;
  }

  /** An agent that opens a new connection; node:https is loaded only for https URLs. */
  private async freshAgent(): Promise<{ http?: HttpAgent; https?: import('node:https').Agent }> {
    if (!this.o.baseUrl.startsWith('https:')) return { http: new HttpAgent({ keepAlive: false }) };
    const { Agent } = await import('node:https');
    return { https: new Agent({ keepAlive: false }) };
  }
}

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
