import type { Verification } from './types.js';

/**
 * The body of PUT tfa/regen-backup-codes/, with the fields and values the official CLI sends
 * for the same flags (recorded examples in reference/vast-2fa-api.md): unused fields are left
 * out, `tfa_method_id` is sent as given.
 */
export function buildRegenBody(v: Verification): Record<string, unknown> {
  if (v.kind === 'backup') return { backup_code: v.backupCode };
  const body: Record<string, unknown> = {};
  if (v.methodType !== undefined) body.tfa_method = v.methodType;
  if (v.methodId !== undefined) body.tfa_method_id = v.methodId;
  body.code = v.code;
  if (v.secret !== undefined && v.methodType !== 'totp') body.secret = v.secret;
  return body;
}
