import type { Challenge, MethodKind, RegenResult, TfaMethod, TfaStatus } from './types.js';
import { badResponse } from './errors.js';
import { inert } from '../text/sanitize.js';
import { count, epochSeconds } from './fields.js';

/**
 * Shape checks for the API's answers. A body that is not what the reference describes becomes
 * a clear error, never a crash or `undefined` on screen. All text is made inert here.
 */

/** A JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function parseMethod(m: unknown): TfaMethod | null {
  if (!isObject(m)) return null;
  const id = count(m.id);
  const kind = m.method;
  if (id === null || (kind !== 'totp' && kind !== 'sms')) return null; // unknown kinds are not choices
  return {
    id,
    kind: kind as MethodKind,
    // Not text: no label (it may be empty), never "[object Object]" or a number shown as one.
    label: typeof m.label === 'string' ? inert(m.label, 60) : '',
    phoneNumber: kind === 'sms' && typeof m.phone_number === 'string' ? inert(m.phone_number, 24) || null : null,
    isPrimary: m.is_primary === true,
    // Absent: none counted; present but not a count: unknown.
    failCount: m.fail_count === undefined || m.fail_count === null ? 0 : count(m.fail_count),
    lockedUntil: epochSeconds(m.locked_until),
    lastUsed: epochSeconds(m.last_used),
  };
}

export function parseStatus(json: unknown, status: number): TfaStatus {
  if (!isObject(json) || (json.methods !== undefined && json.methods !== null && !Array.isArray(json.methods))) {
    throw badResponse(status, 'no 2FA status in the answer');
  }
  if (typeof json.tfa_enabled !== 'boolean') throw badResponse(status, 'the 2FA status lacks tfa_enabled');
  const listed = Array.isArray(json.methods) ? json.methods : [];
  const methods = listed.map(parseMethod).filter((m): m is TfaMethod => m !== null);
  methods.sort((a, b) => Number(b.isPrimary) - Number(a.isPrimary)); // stable: primary first, then as listed
  return {
    tfaEnabled: json.tfa_enabled,
    backupCodesRemaining: count(json.backup_codes_remaining),
    newMethodAuthorized: json.new_method_authorized === true,
    methods,
    // Entries that are not a method this program can offer (malformed id, unknown kind): not "no methods".
    ...(methods.length < listed.length ? { unread: listed.length - methods.length } : {}),
  };
}

export function parseChallenge(json: unknown, status: number): Challenge {
  if (!isObject(json) || typeof json.secret !== 'string' || json.secret === '') {
    throw badResponse(status, 'no challenge secret in the answer');
  }
  return { secret: json.secret, message: inert(json.msg ?? '') };
}

/** No cut: a code is kept whole however long it is (a real one has 14 characters; longer is reported). */
const MAX_CODE = Number.POSITIVE_INFINITY;

/** One entry of `backup_codes` as text, or why it cannot be one. */
function codeText(c: unknown): { text: string; odd: string | null } | { dropped: string } {
  if (c === null || c === undefined) return { dropped: String(c) };
  if (typeof c === 'string') {
    const text = inert(c, MAX_CODE);
    if (text === '') return { dropped: c === '' ? 'empty' : 'only control characters' };
    if (text !== c) return { text, odd: 'text with control characters (removed)' };
    return { text, odd: c.length > 64 ? `${c.length} characters long` : null };
  }
  if (typeof c === 'number' || typeof c === 'boolean' || typeof c === 'bigint')
    return { text: String(c), odd: `a ${typeof c}` };
  const text = inert(JSON.stringify(c), MAX_CODE);
  return text === '' ? { dropped: 'not text' } : { text, odd: Array.isArray(c) ? 'a list' : 'an object' };
}

/**
 * The new codes, or null when the answer holds none (the outcome is then unknown). Codes in hand
 * are never thrown away: every entry that can be shown as text is kept (inert), and what was odd
 * about the answer is said in `warnings`.
 */
export function parseRegen(json: unknown): RegenResult | null {
  if (!isObject(json)) return null;
  const listed = json.backup_codes;
  const entries = Array.isArray(listed) ? listed : typeof listed === 'string' && listed !== '' ? [listed] : null;
  if (entries === null) return null;
  const codes: string[] = [];
  const odd: string[] = [];
  entries.forEach((c, i) => {
    const r = codeText(c);
    if ('dropped' in r) odd.push(`entry ${i + 1} is ${r.dropped} (left out)`);
    else {
      codes.push(r.text);
      if (r.odd) odd.push(`entry ${i + 1} is ${r.odd}`);
    }
  });
  if (codes.length === 0) return null;
  const warnings: string[] = [];
  if (!Array.isArray(listed))
    warnings.push('The server sent its codes as one text, not a list; it is kept as one code.');
  if (odd.length > 0)
    warnings.push(`The server's answer was unusual: ${odd.join('; ')}. Every code that could be read is kept as sent.`);
  if (codes.length !== 10)
    warnings.push(`The answer holds ${codes.length} code${codes.length === 1 ? '' : 's'}, not 10.`);
  // --raw prints only the documented fields: whatever else a server adds (an echo of the request
  // headers, say) never reaches stdout. An odd list is printed as the codes kept from it (the
  // same as the file and the readable output), never with its nulls, objects or escapes.
  const clean = odd.length === 0 && Array.isArray(listed);
  // The server's msg as text: `jq -r .msg` must not replay an escape sequence to the terminal.
  const body = {
    ...(typeof json.msg === 'string' ? { msg: inert(json.msg) } : {}),
    backup_codes: clean ? listed : codes,
  };
  return { msg: inert(json.msg ?? ''), backupCodes: codes, body, warnings };
}
