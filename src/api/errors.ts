import type { Channel } from './types.js';
import { inert } from '../text/sanitize.js';
import { count, epochSeconds } from './fields.js';

/** Wrong codes a method takes before it locks for 15 minutes (Vast.ai user guide). */
export const LOCK_AFTER: Record<Channel, number | null> = { sms: 3, totp: 5, email: null };
export const LOCK_MINUTES = 15;

/** Local codes for failures that have no `error` from the server. */
export type LocalErrorCode =
  | 'unauthorized' // 401/403 without a known error code
  | 'tfa_session_required' // 401 whose msg asks for Two Factor Authentication
  | 'session_expired' // the vast_tfa_key session ended and there is no vast_api_key to fall back to
  | 'http_error' // any other non-2xx
  | 'bad_response' // not JSON, or not the expected shape
  | 'network' // no connection could be made
  | 'timeout'
  | 'outcome_unknown' // the regenerate request may have been applied
  | 'internal'; // a failure of this program's own (the detail says what)

/** What the call was about, so messages can name the method. */
export interface ErrorContext {
  channel?: Channel;
  methodLabel?: string;
  /** Where the API key in use came from, e.g. "the VAST_API_KEY variable", for key errors. */
  keyFrom?: string;
}

export interface ApiErrorInit {
  code: string;
  status: number | null;
  serverMsg?: string;
  failCount?: number | null;
  lockedUntil?: number | null | 'unknown';
  outcomeUnknown?: boolean;
  retryAfterSeconds?: number | null;
  context?: ErrorContext;
  detail?: string;
  url?: string;
  neverSent?: boolean;
}

/**
 * Every failure of an API call becomes one of these: facts only (what the server said, what
 * happened to the connection), never holding a secret. The words users read are written from
 * these facts in one place, flow/messages.ts (errorText), for both drivers.
 */
export class ApiError extends Error {
  /** The API's `error` field, or a LocalErrorCode. */
  readonly code: string;
  readonly status: number | null;
  /** The server's own `msg`, inert; '' when none. */
  readonly serverMsg: string;
  /** null: not said, or malformed (unknown). */
  readonly failCount: number | null;
  /** Epoch seconds; null: not said; 'unknown': the body's field was malformed (never "not locked"). */
  readonly lockedUntil: number | null | 'unknown';
  /** True when a regenerate request may have replaced the codes even though no answer came. */
  readonly outcomeUnknown: boolean;
  readonly retryAfterSeconds: number | null;
  /** What the call was about: the method, where the key came from. */
  readonly context: ErrorContext;
  /**
   * A short technical detail, inert: a connection error's code, what was odd in an answer, why the outcome is unknown.
   */
  readonly detail: string;
  /** The API base the call went to, for "could not reach". */
  readonly url: string;
  /** The request never left this machine (no connection, no TLS session): nothing changed. */
  readonly neverSent: boolean;
  /** After an unknown outcome: the codes the account reports now (follow-up status), if known. */
  backupCodesRemaining: number | null = null;

  constructor(init: ApiErrorInit) {
    super(`${init.code}${init.status !== null ? ` (HTTP ${init.status})` : ''}`);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.serverMsg = init.serverMsg ?? '';
    this.failCount = init.failCount ?? null;
    this.lockedUntil = init.lockedUntil ?? null;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.context = init.context ?? {};
    this.detail = init.detail ?? '';
    this.url = init.url ?? '';
    this.neverSent = init.neverSent ?? false;
  }
}

/** An ApiError (a type guard for `catch (e: unknown)`). */
export function isApiError(e: unknown): e is ApiError {
  return e instanceof ApiError;
}

/** Attempts left before the method locks, or null when the limit is not known (email). */
export function attemptsLeft(channel: Channel, failCount: number | null): number | null {
  const limit = LOCK_AFTER[channel];
  if (limit === null || failCount === null) return null;
  return Math.max(0, limit - failCount);
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** Turns a non-2xx answer into an ApiError. `body` is the parsed JSON object, or null. */
export function errorFromResponse(
  status: number,
  body: Record<string, unknown> | null,
  ctx: ErrorContext = {},
  retryAfterSeconds: number | null = null,
): ApiError {
  const b = body ?? {};
  const serverMsg = inert(b.msg ?? b.message ?? '');
  let code = typeof b.error === 'string' ? b.error : '';
  if (code === '' && status === 401 && /two factor authentication/i.test(serverMsg)) code = 'tfa_session_required';
  else if (code === '' && (status === 401 || status === 403)) code = 'unauthorized';
  else if (code === '') code = 'http_error';
  return new ApiError({
    code,
    status,
    serverMsg,
    failCount: count(b.fail_count),
    lockedUntil: epochSeconds(b.locked_until),
    retryAfterSeconds: retryAfterSeconds ?? numberOrNull(b.retry_after),
    context: ctx,
  });
}

/** An answer that could not be used: `what` was odd about it (not JSON, too large). */
export function badResponse(status: number | null, what: string): ApiError {
  return new ApiError({ code: 'bad_response', status, detail: inert(what, 80) });
}

/** No usable connection; `neverSent`: the request provably never left this machine. */
export function networkError(url: string, detail: string, timeout: boolean, neverSent = false): ApiError {
  return new ApiError({
    code: timeout ? 'timeout' : 'network',
    status: null,
    url,
    detail: inert(detail, 60),
    neverSent,
  });
}

/** The regenerate request may have been applied: the old codes may be dead and the new ones unseen. */
export function outcomeUnknown(
  cause: string,
  status: number | null,
  retryAfterSeconds: number | null = null,
): ApiError {
  return new ApiError({
    code: 'outcome_unknown',
    status,
    outcomeUnknown: true,
    detail: inert(cause, 120),
    retryAfterSeconds,
  });
}

/** Anything thrown that is not an ApiError already: a failure of this program's own. */
export function asApiError(e: unknown): ApiError {
  if (isApiError(e)) return e;
  return new ApiError({
    code: 'internal',
    status: null,
    detail: inert(e instanceof Error ? e.message : String(e), 160),
  });
}
