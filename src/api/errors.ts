import type { Channel } from './types.js';
import { inert } from '../text/sanitize.js';

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
  | 'outcome_unknown'; // the regenerate request may have been applied

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
  title: string;
  hint: string;
  serverMsg?: string;
  failCount?: number | null;
  lockedUntil?: number | null;
  outcomeUnknown?: boolean;
  retryAfterSeconds?: number | null;
}

/** Every failure of an API call becomes one of these: safe to show, never holding a secret. */
export class ApiError extends Error {
  /** The API's `error` field, or a LocalErrorCode. */
  readonly code: string;
  readonly status: number | null;
  /** What happened, in plain words. Equal to `message`. */
  readonly title: string;
  /** The next step for the user. */
  readonly hint: string;
  /** The server's own `msg`, inert; '' when none. */
  readonly serverMsg: string;
  readonly failCount: number | null;
  /** Epoch seconds. */
  readonly lockedUntil: number | null;
  /** True when a regenerate request may have replaced the codes even though no answer came. */
  readonly outcomeUnknown: boolean;
  readonly retryAfterSeconds: number | null;
  /** After an unknown outcome: the codes the account reports now (follow-up status), if known. */
  backupCodesRemaining: number | null = null;

  constructor(init: ApiErrorInit) {
    super(init.title);
    this.name = 'ApiError';
    this.code = init.code;
    this.status = init.status;
    this.title = init.title;
    this.hint = init.hint;
    this.serverMsg = init.serverMsg ?? '';
    this.failCount = init.failCount ?? null;
    this.lockedUntil = init.lockedUntil ?? null;
    this.outcomeUnknown = init.outcomeUnknown ?? false;
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
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

/** "17:42" local time, for lock ends. */
export function clockTime(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

function methodName(ctx: ErrorContext): string {
  if (ctx.methodLabel) return ctx.methodLabel;
  switch (ctx.channel) {
    case 'sms': return 'SMS';
    case 'totp': return 'the authenticator app';
    case 'email': return 'email';
    default: return 'this method';
  }
}

function numberOrNull(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

type Described = { title: string; hint: string };

/** Plain-words title and next step for each error code of the reference. */
function describe(code: string, body: Record<string, unknown>, ctx: ErrorContext): Described | null {
  const name = methodName(ctx);
  const failCount = numberOrNull(body.fail_count);
  const lockedUntil = numberOrNull(body.locked_until);
  switch (code) {
    case '2fa_verification_failed': {
      const left = ctx.channel ? attemptsLeft(ctx.channel, failCount) : null;
      const tail = lockedUntil
        ? ` ${capital(name)} is now locked until ${clockTime(lockedUntil)}.`
        : left !== null ? ` ${left} attempt${left === 1 ? '' : 's'} left before ${name} locks for ${LOCK_MINUTES} minutes.` : '';
      return { title: `That code was not accepted.${tail}`,
        hint: lockedUntil ? 'Use another method or a backup code.' : 'Check the code and enter it again; a new one may have appeared.' };
    }
    case 'tfa_locked':
      return { title: `${capital(name)} is locked after too many wrong codes${lockedUntil ? ` until ${clockTime(lockedUntil)}` : ''}.`,
        hint: 'Use another method or a backup code, or wait until the lock ends.' };
    case 'invalid_backup_code':
      return { title: 'That backup code is unknown or was already used.',
        hint: 'Each backup code works once. Try another one, or verify with a method instead.' };
    case '2fa_expired':
      return { title: 'The code has expired (codes last 10 minutes).', hint: 'Send a new code and enter that one.' };
    case 'challenge_not_found':
    case 'no_challenge_found':
      return { title: 'The server has no record of that code being sent.', hint: 'Send a new code and enter that one.' };
    case 'tfa_challenge_exists':
      return { title: 'A code was sent to this phone a moment ago.', hint: 'Wait half a minute and send a new one, or verify another way.' };
    case 'missing_auth_value':
    case 'missing_params':
      return { title: 'The request lacked a code, backup code or secret.', hint: 'Give a code (--code) or a backup code (--backup-code); SMS and email codes also need their --secret.' };
    case 'bad_request':
      return { title: 'The server could not read the request.', hint: 'Check the options given; run with --explain to see what was sent.' };
    case 'invalid_tfa_method':
      return { title: 'The server does not know that verification method.', hint: 'Use totp, sms or email, or pick a method from the list.' };
    case 'not_found':
      return { title: 'That method id is not one of this account\'s methods.', hint: 'Run without --method-id to choose from the account\'s methods.' };
    case 'sms_rate_limited':
    case 'twilio_rate_limited':
      return { title: 'Too many text messages were sent to this account just now.', hint: 'Wait a few minutes, or verify another way (authenticator app, email or a backup code).' };
    case 'twilio_error':
    case 'sms_blocked_number':
      return { title: 'The text message could not be sent to that phone.', hint: 'Verify another way (authenticator app, email or a backup code).' };
    case 'sms_fraud_detected':
      return { title: 'Text messages are disabled on this account.', hint: 'Verify another way, and contact Vast.ai support to restore SMS.' };
    case 'email_not_verified':
      return { title: 'Codes cannot be emailed before the account\'s email address is verified.', hint: 'Verify the email address at console.vast.ai, or verify another way.' };
    case 'team_user_forbidden':
      return { title: 'This API key belongs to a team; 2FA changes need your personal key.', hint: 'Use your personal API key (--api-key or VAST_API_KEY).' };
    case 'auth_error':
      return { title: 'The server did not accept the authentication.',
        hint: `${keyOrigin(ctx)}Check the API key (--api-key, VAST_API_KEY, or vast_tfa_key / vast_api_key in ~/.config/vastai); ` +
          'keys are at https://cloud.vast.ai/account/. A 2FA session key may need `vastai tfa login`.' };
    case 'service_unavailable':
      return { title: 'The service is unavailable for the moment.', hint: 'Try again in a minute.' };
    case 'tfa_method_not_configured':
      return { title: 'The authenticator app setup on this account is unusable.', hint: 'Set up two-factor authentication again at console.vast.ai, or verify another way.' };
    default:
      return null;
  }
}

function keyOrigin(ctx: ErrorContext): string {
  return ctx.keyFrom ? `The key used came from ${ctx.keyFrom}. ` : '';
}

/** The first letter in upper case. */
export function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** Turns a non-2xx answer into an ApiError. `body` is the parsed JSON object, or null. */
export function errorFromResponse(status: number, body: Record<string, unknown> | null, ctx: ErrorContext = {},
  retryAfterSeconds: number | null = null): ApiError {
  const b = body ?? {};
  const code = typeof b.error === 'string' ? b.error : '';
  const serverMsg = inert(b.msg ?? b.message ?? '');
  const common = { status, serverMsg, failCount: numberOrNull(b.fail_count), lockedUntil: numberOrNull(b.locked_until),
    retryAfterSeconds: retryAfterSeconds ?? numberOrNull(b.retry_after) };
  const known = code ? describe(code, b, ctx) : null;
  if (known) return new ApiError({ code, ...common, ...known });
  if (status === 401 && /two factor authentication/i.test(serverMsg)) {
    return new ApiError({ code: 'tfa_session_required', ...common,
      title: 'This call needs a 2FA session key.', hint: 'Run `vastai tfa login` first, or use your plain API key.' });
  }
  if (status === 401 || status === 403) {
    return new ApiError({ code: code || 'unauthorized', ...common,
      title: `The API key was refused (HTTP ${status}).`,
      hint: `${keyOrigin(ctx)}Check the key (--api-key, VAST_API_KEY or ~/.config/vastai/vast_api_key); keys are at https://cloud.vast.ai/account/.` });
  }
  return new ApiError({ code: code || 'http_error', ...common,
    title: `The server answered HTTP ${status}${serverMsg ? `: ${serverMsg}` : ''}.`,
    hint: status >= 500 ? 'Try again in a minute.' : 'Run with --explain to see the request.' });
}

export function badResponse(status: number, what: string): ApiError {
  return new ApiError({ code: 'bad_response', status,
    title: `The server's answer was not what was expected (HTTP ${status}: ${inert(what, 80)}).`,
    hint: 'Check --url points at the Vast.ai API; try again later.' });
}

export function networkError(url: string, detail: string, timeout: boolean): ApiError {
  return new ApiError({ code: timeout ? 'timeout' : 'network', status: null,
    title: timeout ? `No answer from ${url} in time.` : `Could not reach ${url} (${inert(detail, 60)}).`,
    hint: 'Check the network and --url, then try again.' });
}

/** The regenerate request may have been applied: the old codes may be dead and the new ones unseen. */
export function outcomeUnknown(cause: string, status: number | null): ApiError {
  return new ApiError({ code: 'outcome_unknown', status, outcomeUnknown: true,
    title: `The server did not confirm the regeneration (${inert(cause, 60)}). It may already have replaced your backup codes.`,
    hint: 'Run this command again to get a fresh set: the server only keeps the newest codes, and your authenticator app, SMS and email still work.' });
}
