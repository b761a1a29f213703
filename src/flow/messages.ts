/**
 * The words both drivers show, in one place: what the flow says at the same moments, and what each
 * API failure means (errorText, written from the facts an ApiError carries). The wizard's screens
 * and the headless run's stderr use these, so the two never drift apart.
 */
import { KEYS_URL } from '../config.js';
import { attemptsLeft, LOCK_MINUTES, type ApiError, type ErrorContext } from '../api/errors.js';

/** Said when the user leaves before anything could change (wizard, plain wizard, key question). */
export const CANCELLED = 'Cancelled. Nothing was changed; your backup codes still work.';

/** 2FA is off: there is nothing to regenerate. */
export const NO_TFA = {
  title: 'Two-factor authentication is not enabled on this account, so it has no backup codes to regenerate.',
  hint:
    'Turn 2FA on first: in the console (https://cloud.vast.ai/account/), ' +
    'or with the official CLI: vastai tfa auth-new. ' +
    'Backup codes are created when 2FA is turned on; then run this again.',
} as const;

/**
 * The first screen's word to a first-time user (two lines at 80 columns): when regenerating is the
 * right move (the official command's three reasons) and that the new codes are shown only once.
 */
export const WHEN_TO_REGENERATE = [
  'Regenerate when several codes are used, may have been seen, or are lost.',
  'The new codes are shown only once.',
] as const;

/**
 * What stops working when the codes are replaced, given the unused codes the account has now:
 * null when its status did not say (a malformed field), undefined when the status was not asked.
 */
export function whatStopsWorking(remaining: number | null | undefined): string {
  if (remaining === undefined) return 'Any existing backup codes stop working at once.';
  if (remaining === null)
    return (
      'The server did not say how many unused backup codes this account has (its answer was malformed); ' +
      'any it has stop working at once.'
    );
  return remaining === 0
    ? 'This account has no unused backup codes; 10 new ones will be created.'
    : `All ${remaining} existing backup code${remaining === 1 ? '' : 's'} stop working at once.`;
}

/** After an unknown outcome: what the follow-up status says, or null when it could not be asked. */
export function remainingAfterUnknown(remaining: number | null): string | null {
  if (remaining === null) return null;
  return (
    `The account now reports ${remaining} unused backup code${remaining === 1 ? '' : 's'}` +
    (remaining === 10 ? ': the codes were most likely replaced by a set you have not seen.' : '.')
  );
}

/** "45 s", "2 min" for a server's Retry-After. */
export function waitText(seconds: number): string {
  return seconds < 120 ? `${seconds} s` : `${Math.ceil(seconds / 60)} min`;
}

/** "17:42" local time, for lock ends. */
export function clockTime(epochSeconds: number): string {
  const d = new Date(epochSeconds * 1000);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

function methodName(ctx: ErrorContext): string {
  if (ctx.methodLabel) return ctx.methodLabel;
  switch (ctx.channel) {
    case 'sms':
      return 'SMS';
    case 'totp':
      return 'the authenticator app';
    case 'email':
      return 'email';
    default:
      return 'this method';
  }
}

/** What users read about a failure: what happened, and the next step. */
export type Described = { title: string; hint: string };

/** Plain-words title and next step for each error code of the reference. */
function describe(e: ApiError): Described | null {
  const ctx = e.context;
  const name = methodName(ctx);
  const { failCount } = e;
  // A malformed locked_until: whether (and until when) it is locked is unknown, never "not locked".
  const unsure = e.lockedUntil === 'unknown';
  const lockedUntil = typeof e.lockedUntil === 'number' ? e.lockedUntil : null;
  switch (e.code) {
    case '2fa_verification_failed': {
      const left = ctx.channel ? attemptsLeft(ctx.channel, failCount) : null;
      const tail = lockedUntil
        ? ` ${capital(name)} is now locked until ${clockTime(lockedUntil)}.`
        : unsure
          ? ` Whether ${name} is now locked is unknown (the server's answer was malformed).`
          : left !== null
            ? ` ${left} attempt${left === 1 ? '' : 's'} left before ${name} locks for ${LOCK_MINUTES} minutes.`
            : '';
      return {
        title: `That code was not accepted.${tail}`,
        hint: lockedUntil
          ? 'Use another method or a backup code.'
          : 'Check the code and enter it again; a new one may have appeared.',
      };
    }
    case 'tfa_locked':
      return {
        title:
          `${capital(name)} is locked after too many wrong codes` +
          `${lockedUntil ? ` until ${clockTime(lockedUntil)}` : unsure ? ' (until when is unknown)' : ''}.`,
        hint: 'Use another method or a backup code, or wait until the lock ends.',
      };
    case 'invalid_backup_code':
      return {
        title: 'That backup code is unknown or was already used.',
        hint: 'Each backup code works once. Try another one, or verify with a method instead.',
      };
    case '2fa_expired':
      return { title: 'The code has expired (codes last 10 minutes).', hint: 'Send a new code and enter that one.' };
    case 'challenge_not_found':
    case 'no_challenge_found':
      return {
        title: 'The server has no record of that code being sent.',
        hint: 'Send a new code and enter that one.',
      };
    case 'tfa_challenge_exists':
      return {
        title: 'A code was sent to this phone a moment ago.',
        hint: 'Wait half a minute and send a new one, or verify another way.',
      };
    case 'missing_auth_value':
    case 'missing_params':
      return {
        title: 'The request lacked a code, backup code or secret.',
        hint: 'Give a code (--code) or a backup code (--backup-code); SMS and email codes also need their --secret.',
      };
    case 'bad_request':
      return {
        title: 'The server could not read the request.',
        hint: 'Check the options given; run with --explain to see what was sent.',
      };
    case 'invalid_tfa_method':
      return {
        title: 'The server does not know that verification method.',
        hint: 'Use totp, sms or email, or pick a method from the list.',
      };
    case 'not_found':
      return {
        title: "That method id is not one of this account's methods.",
        hint: "Run without --method-id to choose from the account's methods.",
      };
    case 'sms_rate_limited':
    case 'twilio_rate_limited':
      return {
        title: 'Too many text messages were sent to this account just now.',
        hint: 'Wait a few minutes, or verify another way (authenticator app, email or a backup code).',
      };
    case 'twilio_error':
    case 'sms_blocked_number':
      return {
        title: 'The text message could not be sent to that phone.',
        hint: 'Verify another way (authenticator app, email or a backup code).',
      };
    case 'sms_fraud_detected':
      return {
        title: 'Text messages are disabled on this account.',
        hint: 'Verify another way, and contact Vast.ai support to restore SMS.',
      };
    case 'email_not_verified':
      return {
        title: "Codes cannot be emailed before the account's email address is verified.",
        hint: 'Verify the email address at console.vast.ai, or verify another way.',
      };
    case 'team_user_forbidden':
      return {
        title: 'This API key belongs to a team; 2FA changes need your personal key.',
        hint: 'Use your personal API key (--api-key or VAST_API_KEY).',
      };
    case 'auth_error':
      return {
        title: 'The server did not accept the authentication.',
        hint:
          `${keyOrigin(ctx)}Check the API key ` +
          '(--api-key, VAST_API_KEY, or vast_tfa_key / vast_api_key in ~/.config/vastai); ' +
          `keys are at ${KEYS_URL} . A 2FA session key may need \`vastai tfa login\`.`,
      };
    case 'service_unavailable':
      return { title: 'The service is unavailable for the moment.', hint: 'Try again in a minute.' };
    case 'tfa_method_not_configured':
      return {
        title: 'The authenticator app setup on this account is unusable.',
        hint: 'Set up two-factor authentication again at console.vast.ai, or verify another way.',
      };
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

/** The words of a failure that is not one of the reference's error codes. */
function describeOther(e: ApiError): Described {
  const ctx = e.context;
  switch (e.code) {
    case 'session_expired':
      return {
        title: 'Your 2FA session key (vast_tfa_key) has expired.',
        hint: 'Run `vastai tfa login` for a new session, or give your API key with --api-key.',
      };
    case 'bad_response':
      return e.status !== null
        ? {
            title: `The server's answer was not what was expected (HTTP ${e.status}: ${e.detail}).`,
            hint: 'Check --url points at the Vast.ai API; try again later.',
          }
        : {
            title: `The server sent ${e.detail}; it was not read.`,
            hint: 'Check --url points at the Vast.ai API; try again later.',
          };
    case 'timeout':
      return { title: `No answer from ${e.url} in time.`, hint: 'Check the network and --url, then try again.' };
    case 'network':
      return { title: `Could not reach ${e.url} (${e.detail}).`, hint: 'Check the network and --url, then try again.' };
    case 'outcome_unknown':
      return {
        title:
          `The server did not confirm the regeneration (${e.detail}). It may already have replaced your backup ` +
          `codes.`,
        hint:
          (e.retryAfterSeconds !== null ? `The server asked to wait ${waitText(e.retryAfterSeconds)} first. ` : '') +
          'Run this again with a fresh code to get codes you can see: the server keeps only the newest set, and ' +
          'your authenticator app, SMS and email still work.',
      };
    case 'proxy_unreachable':
      return {
        title: `Could not reach the proxy ${e.url} (${e.detail}).`,
        hint: 'Check HTTPS_PROXY / HTTP_PROXY / ALL_PROXY (or add the API host to NO_PROXY), then try again.',
      };
    case 'proxy_auth_failed':
      return {
        title: `Proxy authentication failed: the proxy ${e.url} refused its credentials (HTTP 407).`,
        hint: 'Check the user and password in the proxy URL (http://user:password@host:port), then try again.',
      };
    case 'proxy_refused':
      return {
        title: `The proxy ${e.url} refused to connect to the API (${e.detail}).`,
        hint: 'Check that the proxy lets this program reach the API host, or add it to NO_PROXY.',
      };
    case 'malformed_key':
      return {
        title:
          'The API key is malformed: it holds a character an HTTP header cannot carry (a line break or another ' +
          'control character).',
        hint: `Check the key (--api-key, VAST_API_KEY or ~/.config/vastai/vast_api_key); keys are at ${KEYS_URL} .`,
      };
    case 'internal':
      return { title: `Unexpected failure: ${e.detail}`, hint: 'Try again; run with --explain to see the API calls.' };
  }
  if (e.code === 'tfa_session_required' || (e.status === 401 && /two factor authentication/i.test(e.serverMsg))) {
    return {
      title: 'This call needs a 2FA session key.',
      hint: 'Run `vastai tfa login` first, or use your plain API key.',
    };
  }
  if (e.status === 401 || e.status === 403) {
    return {
      title: `The API key was refused (HTTP ${e.status}).`,
      hint:
        `${keyOrigin(ctx)}Check the key (--api-key, VAST_API_KEY or ~/.config/vastai/vast_api_key); keys are at ` +
        `${KEYS_URL} .`,
    };
  }
  const status = e.status ?? 0;
  return {
    title: `The server answered HTTP ${e.status}${e.serverMsg ? `: ${e.serverMsg}` : ''}.`,
    hint: status >= 500 ? 'Try again in a minute.' : 'Run with --explain to see the request.',
  };
}

/** What an API failure means, in plain words, and the next step: the one place these words are written. */
export function errorText(e: ApiError): Described {
  const d = describe(e) ?? describeOther(e);
  return e.neverSent
    ? { ...d, title: `${d.title} The request never left this computer: nothing was changed on your account.` }
    : d;
}
