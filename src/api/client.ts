import { Agent as HttpAgent } from 'node:http';
import got, { type Got, type Method, RequestError, TimeoutError } from 'got';
import type { KeySource } from '../config.js';
import type { Challenge, RegenResult, TfaApi, TfaStatus, Verification } from './types.js';
import { ApiError, badResponse, errorFromResponse, networkError, outcomeUnknown, type ErrorContext } from './errors.js';
import { buildRegenBody } from './payload.js';
import { isObject, parseChallenge, parseRegen, parseStatus } from './shapes.js';
import { maskKey, traceFailure, traceRequest, traceResponse } from './explain.js';

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
  /** For tests: how to wait. */
  sleep?: (ms: number) => Promise<void>;
}

/** Connection errors that happen before a request leaves this machine: always safe to retry. */
const NOT_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);
const NOT_SENT_TIMEOUTS = new Set(['lookup', 'connect', 'secureConnect']);
/** 429 answers that waiting a moment does not cure. */
const FINAL_429 = new Set(['tfa_locked', 'sms_rate_limited', 'twilio_rate_limited']);

type Call = {
  method: Method;
  path: string;
  body?: Record<string, unknown>;
  ctx?: ErrorContext;
  /** PUT regen: an answer we never saw may have changed the account. */
  changesAccount?: boolean;
};

type Answer = { status: number; json: unknown; text: string; retryAfterMs: number | null };

/** Where a key came from, in words (never the key itself). */
function keyOrigin(k: KeySource): string {
  switch (k.from) {
    case 'flag': return '--api-key';
    case 'env': return 'the VAST_API_KEY variable';
    default: return `the file ${k.path ?? (k.from === 'tfa_key_file' ? 'vast_tfa_key' : 'vast_api_key')}`;
  }
}

const defaultSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (!value) return null;
  const secs = Number(value);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - now) : null;
}

/** The Vast.ai 2FA API over got, with the failure policy of this project (see README). */
export class TfaClient implements TfaApi {
  private key: KeySource;
  private fallbackKey: KeySource | null;
  private readonly http: Got;
  /** e.g. https://console.vast.ai/api/v0/ — every path is relative to it. */
  private readonly apiBase: string;
  private readonly o: Required<Pick<ClientOptions, 'retry' | 'maxRetryAfterMs' | 'backoffMs' | 'userAgent'>> & ClientOptions;

  constructor(options: ClientOptions) {
    this.o = { retry: 3, maxRetryAfterMs: 10_000, backoffMs: 150, userAgent: 'vastai-regen-codes', ...options };
    this.key = options.key;
    this.fallbackKey = options.fallbackKey ?? null;
    this.apiBase = `${options.baseUrl.replace(/\/+$/, '')}/api/v0/`;
    this.http = got.extend({
      prefixUrl: this.apiBase,
      timeout: { request: options.timeoutMs ?? 30_000 },
      retry: { limit: 0 }, // the retry policy is ours: it differs per call
      throwHttpErrors: false,
      followRedirect: false,
      responseType: 'text',
    });
  }

  async status(): Promise<TfaStatus> {
    const a = await this.call({ method: 'GET', path: 'tfa/status/' });
    return parseStatus(a.json, a.status);
  }

  async sendSms(): Promise<Challenge> {
    const a = await this.call({ method: 'POST', path: 'tfa/sms/', body: {}, ctx: { channel: 'sms' } });
    return parseChallenge(a.json, a.status);
  }

  async resendSms(secret: string): Promise<Challenge> {
    const a = await this.call({ method: 'POST', path: 'tfa/sms/resend/', body: { secret }, ctx: { channel: 'sms' } });
    return parseChallenge(a.json, a.status);
  }

  async sendEmail(): Promise<Challenge> {
    const a = await this.call({ method: 'POST', path: 'tfa/email/', body: {}, ctx: { channel: 'email' } });
    return parseChallenge(a.json, a.status);
  }

  async regenerate(v: Verification): Promise<RegenResult> {
    const channel = v.kind === 'code' ? v.channel ?? v.methodType : undefined;
    const ctx: ErrorContext = channel ? { channel } : {};
    try {
      const a = await this.call({ method: 'PUT', path: 'tfa/regen-backup-codes/', body: buildRegenBody(v), ctx, changesAccount: true });
      const parsed = parseRegen(a.json);
      if (!parsed) throw outcomeUnknown(`HTTP ${a.status}, an answer without the new codes`, a.status);
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

  /** Sends trace lines out; a key the server reflected back (an echoing proxy's error page) is masked too. */
  private trace(lines: string[]): void {
    if (!this.o.explain) return;
    const keys = [this.key.key, this.fallbackKey?.key].filter((k): k is string => !!k && k.length >= 8);
    for (const l of lines) this.o.explain(keys.reduce((t, k) => t.split(k).join(maskKey(k)), l));
  }

  /** One logical call: retries, session-key fallback, error mapping. */
  private async call(c: Call): Promise<Answer> {
    const attempts = Math.max(1, this.o.retry);
    const sleep = this.o.sleep ?? defaultSleep;
    let pause = this.o.backoffMs;
    let fellBack = false;
    for (let attempt = 1; ; attempt++) {
      const last = attempt >= attempts;
      let a: Answer;
      try {
        a = await this.once(c, attempt);
      } catch (e) {
        const failure = e as { retryable: boolean; error: ApiError };
        if (!failure.retryable || last) throw failure.error;
        await sleep(pause);
        pause *= 1.5;
        continue;
      }
      if (a.status >= 200 && a.status < 300) {
        if (a.json === undefined) {
          if (c.changesAccount) throw outcomeUnknown(`HTTP ${a.status}, an answer that is not JSON`, a.status);
          throw badResponse(a.status, 'not JSON');
        }
        return a;
      }
      const body = isObject(a.json) ? a.json : null;
      if (!fellBack && this.sessionExpired(a.status, body)) {
        fellBack = true;
        attempt--; // the switch of key is not a retry
        continue;
      }
      if (c.changesAccount && (a.status === 502 || a.status === 504)) {
        throw outcomeUnknown(`HTTP ${a.status} from a gateway`, a.status);
      }
      const code = body && typeof body.error === 'string' ? body.error : '';
      // A gateway error on a read is as transient as a 503 (the official CLI retries 502/504 too).
      // Not on a POST (an SMS may have gone out) nor the PUT (handled above: it may have been applied).
      const gatewayOnRead = c.method === 'GET' && (a.status === 502 || a.status === 504);
      const transient = a.status === 503 || gatewayOnRead || (a.status === 429 && !FINAL_429.has(code));
      if (transient && !last) {
        const wait = a.retryAfterMs !== null ? Math.min(a.retryAfterMs, this.o.maxRetryAfterMs) : pause;
        await sleep(wait);
        pause *= 1.5;
        continue;
      }
      if (a.json === undefined && a.text.trim() !== '' && a.status !== 401) {
        throw badResponse(a.status, 'not JSON');
      }
      throw errorFromResponse(a.status, body, { ...c.ctx, keyFrom: keyOrigin(this.key) },
        a.retryAfterMs !== null ? Math.ceil(a.retryAfterMs / 1000) : null);
    }
  }

  /** A 2FA session key that expired: switch to vast_api_key once, and say so. */
  private sessionExpired(status: number, body: Record<string, unknown> | null): boolean {
    if (this.key.from !== 'tfa_key_file') return false;
    const msg = typeof body?.msg === 'string' ? body.msg : '';
    const expired = (status === 401 && /invalid user key/i.test(msg)) || (status === 404 && /session expired/i.test(msg));
    if (!expired) return false;
    if (!this.fallbackKey) {
      throw new ApiError({ code: 'session_expired', status,
        title: 'Your 2FA session key (vast_tfa_key) has expired.',
        hint: 'Run `vastai tfa login` for a new session, or give your API key with --api-key.' });
    }
    this.o.notice?.('Your 2FA session key (vast_tfa_key) has expired; using vast_api_key instead. Run `vastai tfa login` for a new session.');
    this.key = this.fallbackKey;
    this.fallbackKey = null;
    return true;
  }

  /** An agent that opens a new connection; node:https is loaded only for https URLs. */
  private async freshAgent(): Promise<{ http?: HttpAgent; https?: import('node:https').Agent }> {
    if (!this.o.baseUrl.startsWith('https:')) return { http: new HttpAgent({ keepAlive: false }) };
    const { Agent } = await import('node:https');
    return { https: new Agent({ keepAlive: false }) };
  }

  /** One HTTP exchange. Throws `{ retryable, error }` when no answer came. */
  private async once(c: Call, attempt: number): Promise<Answer> {
    const headers = this.headers(c.body !== undefined);
    const url = `${this.apiBase}${c.path}`;
    this.trace(traceRequest({ method: c.method, url, headers, body: c.body, attempt }));
    const started = Date.now();
    try {
      // The PUT goes on a new connection: on a pooled keep-alive socket that the server closed
      // meanwhile (the user sat on the confirmation), it would fail as "connection broke" — an
      // outcome we could not tell from a lost answer — instead of a clean refusal we can retry.
      const agent = c.changesAccount ? await this.freshAgent() : undefined;
      const res = await this.http(c.path, { method: c.method, headers, agent, body: c.body === undefined ? undefined : JSON.stringify(c.body) });
      let json: unknown;
      try {
        json = res.body.trim() === '' ? undefined : JSON.parse(res.body);
      } catch {
        json = undefined;
      }
      this.trace(traceResponse(res.statusCode, Date.now() - started, json === undefined ? res.body : json));
      return { status: res.statusCode, json, text: res.body, retryAfterMs: parseRetryAfter(res.headers['retry-after'] as string | undefined, Date.now()) };
    } catch (e) {
      const err = e as RequestError;
      const code = err.code ?? '';
      const timeout = e instanceof TimeoutError;
      // No connection, or no TLS session (certificate refused, https to a plain-http port): the
      // request never left this machine, whatever the error's code.
      const t = err.timings;
      const noSession = t !== undefined && (this.o.baseUrl.startsWith('https:') ? t.secureConnect : t.connect) === undefined;
      const notSent = NOT_SENT.has(code) || noSession || (timeout && NOT_SENT_TIMEOUTS.has((e as TimeoutError).event));
      this.trace(traceFailure(timeout ? `timed out (${(e as TimeoutError).event})` : code || 'connection failed', Date.now() - started));
      if (c.changesAccount && !notSent) {
        throw { retryable: false, error: outcomeUnknown(timeout ? 'no answer in time' : 'the connection broke', null) };
      }
      const retryable = notSent || c.method === 'GET';
      const failed = networkError(this.o.baseUrl, code || err.message, timeout);
      throw { retryable, error: c.changesAccount ? nothingChanged(failed) : failed };
    }
  }
}

/** A change that never left this machine: said plainly, so it is not taken for an unknown outcome. */
function nothingChanged(e: ApiError): ApiError {
  return new ApiError({ code: e.code, status: e.status, title: `${e.title} The request never left this computer: nothing was changed on your account.`,
    hint: e.hint });
}

export function createClient(o: ClientOptions): TfaApi {
  return new TfaClient(o);
}
