import type { Challenge, MethodKind, RegenResult, TfaMethod, TfaStatus } from './types.js';
import { badResponse } from './errors.js';
import { inert } from '../text/sanitize.js';

/**
 * Shape checks for the API's answers. A body that is not what the reference describes becomes
 * a clear error, never a crash or `undefined` on screen. All text is made inert here.
 */

/** A JSON object (not null, not an array). */
export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function num(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && /^\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return null;
}

function parseMethod(m: unknown): TfaMethod | null {
  if (!isObject(m)) return null;
  const id = num(m.id);
  const kind = m.method;
  if (id === null || (kind !== 'totp' && kind !== 'sms')) return null; // unknown kinds are not choices
  return {
    id,
    kind: kind as MethodKind,
    label: inert(m.label ?? '', 60),
    phoneNumber: kind === 'sms' && m.phone_number ? inert(m.phone_number, 24) : null,
    isPrimary: m.is_primary === true,
    failCount: num(m.fail_count) ?? 0,
    lockedUntil: num(m.locked_until),
    lastUsed: num(m.last_used),
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
    backupCodesRemaining: Math.max(0, Math.floor(num(json.backup_codes_remaining) ?? 0)),
    newMethodAuthorized: json.new_method_authorized === true,
    methods,
  };
}

export function parseChallenge(json: unknown, status: number): Challenge {
  if (!isObject(json) || typeof json.secret !== 'string' || json.secret === '') {
    throw badResponse(status, 'no challenge secret in the answer');
  }
  return { secret: json.secret, message: inert(json.msg ?? '') };
}

/** The new codes, or null when the answer does not hold them (the outcome is then unknown). */
export function parseRegen(json: unknown): RegenResult | null {
  if (!isObject(json) || !Array.isArray(json.backup_codes)) return null;
  const codes = json.backup_codes;
  if (codes.length === 0 || !codes.every((c) => typeof c === 'string' && c.length > 0 && c.length <= 64)) return null;
  return { msg: inert(json.msg ?? ''), backupCodes: codes.map((c) => inert(c, 64)), body: json };
}
