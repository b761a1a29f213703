/**
 * What the command line answers on its own: the verification its flags describe, exactly as the
 * official CLI would send it, and, where an answer is missing, the words that name the flag to add.
 * The flow (reducer.ts) uses it for both drivers: the wizard sends these fields when the flags
 * picked the way, and the headless run stops here (exit 2) where the wizard would ask.
 */
import type { Verification, VerificationTarget } from '../api/types.js';
import { validateBackupCode, validateCode } from '../codes/format.js';
import type { Preset } from './preset.js';

/** An answer the command line does not give, and no terminal to ask on: exit 2, naming the flags. */
export interface MissingAnswer {
  title: string;
  hint?: string;
}

export type FromFlags = { verification: Verification } | { missing: MissingAnswer };

const NO_ANSWER: MissingAnswer = {
  title: 'Nothing to verify with, and no terminal to ask on.',
  hint: [
    'Add one of:',
    '  -t totp -c CODE                  a code from the authenticator app',
    '  -bc XXXX-XXXX-XXXX               an unused backup code',
    '  -t sms -c CODE -s SECRET         an SMS code sent with `vastai tfa send-sms` (email: -t email, `vastai tfa ' +
      'send-email`)',
    'and --yes (or pipe "y") to confirm.',
  ].join('\n'),
};

/** An SMS or email code answers a challenge: without its secret (-s) the server cannot check it. */
export function needsSecret(channel: 'sms' | 'email'): MissingAnswer {
  const name = channel === 'sms' ? 'An SMS' : 'An email';
  const send = channel === 'sms' ? 'send-sms' : 'send-email';
  return {
    title:
      `${name} code needs the secret of the challenge it answers (-s/--secret), and there is no terminal here ` +
      `to send one.`,
    hint:
      `Send the code first with \`vastai tfa ${send}\` and pass the secret it prints: ` +
      `-t ${channel} -c CODE -s SECRET. ` +
      'Or run this command in a terminal: it sends the code itself.',
  };
}

/** The confirmation has no answer: stdin ended, and no terminal to ask on. */
export const NO_CONFIRMATION: MissingAnswer = {
  title: 'The confirmation needs an answer, and there is no terminal to ask on. Nothing was changed.',
  hint: 'Pass --yes (or pipe "y") to confirm, or run it in a terminal.',
};

/**
 * The Verification the flags describe, with every field the official CLI would send for them
 * (a method id as given, a secret beside any code); checked locally first, so no request is spent
 * on a code that cannot be right. `missing` says which flag would complete it.
 */
export function fromFlags(p: Preset): FromFlags {
  const target: VerificationTarget = {};
  if (p.methodType !== undefined) target.methodType = p.methodType;
  if (p.methodId !== undefined) target.methodId = p.methodId;
  if (p.secret !== undefined) target.secret = p.secret;
  if (p.backupCode !== undefined) {
    const r = validateBackupCode(p.backupCode);
    if (!r.ok)
      return { missing: { title: `The backup code given with -bc/--backup-code cannot be right. ${r.reason}` } };
    return { verification: { kind: 'backup', backupCode: r.value, ...target } };
  }
  if (p.code === undefined) return { missing: NO_ANSWER };
  const r = validateCode(p.code);
  if (!r.ok) return { missing: { title: `The code given with -c/--code cannot be right. ${r.reason}` } };
  if ((p.methodType === 'sms' || p.methodType === 'email') && p.secret === undefined)
    return { missing: needsSecret(p.methodType) };
  return { verification: { kind: 'code', code: r.value, ...target } };
}
