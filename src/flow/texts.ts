/**
 * What both drivers say at the same moments of the flow, in one place: the wizard's screens and
 * the headless run's stderr use these, so the two never drift apart.
 */

/** 2FA is off: there is nothing to regenerate. */
export const NO_TFA = {
  title: 'Two-factor authentication is not enabled on this account, so it has no backup codes to regenerate.',
  hint: 'Turn 2FA on first: in the console (https://cloud.vast.ai/account/), or with the official CLI: vastai tfa auth-new. ' +
    'Backup codes are created when 2FA is turned on; then run this again.',
} as const;

/** What stops working when the codes are replaced, given the unused codes the account has now. */
export function whatStopsWorking(remaining: number): string {
  return remaining === 0
    ? 'This account has no unused backup codes; 10 new ones will be created.'
    : `All ${remaining} existing backup code${remaining === 1 ? '' : 's'} stop working at once.`;
}

/** After an unknown outcome: what the follow-up status says, or null when it could not be asked. */
export function remainingAfterUnknown(remaining: number | null): string | null {
  if (remaining === null) return null;
  return `The account now reports ${remaining} unused backup code${remaining === 1 ? '' : 's'}` +
    (remaining === 10 ? ': the codes were most likely replaced by a set you have not seen.' : '.');
}
