import type { Verification } from './types.js';

/**
 * The body of PUT tfa/regen-backup-codes/, built as the official CLI builds it
 * (`_build_tfa_verification_payload`: its field order, unset fields left out, values as given:
 * `tfa_method_id` a string, a secret sent whatever the method). No official path sends
 * `tfa_method` together with `tfa_method_id` (the parser refuses -t with -id), so neither does this.
 */
export function buildRegenBody(v: Verification): Record<string, string> {
  if (v.methodType !== undefined && v.methodId !== undefined) {
    throw new Error('tfa_method and tfa_method_id are never sent together');
  }
  const body: Record<string, string> = {};
  if (v.methodId !== undefined) body.tfa_method_id = v.methodId;
  if (v.methodType !== undefined) body.tfa_method = v.methodType;
  if (v.kind === 'code') body.code = v.code;
  else body.backup_code = v.backupCode;
  if (v.secret !== undefined) body.secret = v.secret;
  return body;
}
