/**
 * Leaving the codes screen before the codes were stored anywhere (Ctrl+C twice, or Ctrl+C on
 * "Leave without saving?"): the codes go to the default file, and one account says where they
 * went. Exit 3: the codes were replaced, but they are not where the user asked (docs/cli.md). Both
 * drivers of the wizard (Ink and the plain line-by-line one) end this way.
 */
import type { Delivery } from '../codes/deliver.js';
import { wizardDelivery } from './effects.js';
import { EXIT } from './failure.js';

/** The one account of where the codes went when the user left before storing them. */
export function leftEarlyText(d: Pick<Delivery, 'stored' | 'lines'>): string {
  if (d.stored.length > 0) {
    return (
      `You left before the new backup codes were stored, so they were saved to ${d.stored[0]} ` +
      '(readable only by you). The old codes no longer work: keep that file, ' +
      'or move the codes to your password manager.\n'
    );
  }
  // No file could take them: deliver() says why and prints the codes themselves.
  return d.lines.join('');
}

/** Writes the codes to the default file; resolves with what to print on stderr and the exit status (3). */
export async function leaveEarly(
  codes: string[],
  generatedAt: Date,
  home: string,
): Promise<{ text: string; code: number }> {
  // The wizard's own delivery, as after Ctrl+C: the default file.
  const d = await wizardDelivery(home, () => 'SIGINT')({ codes, generatedAt, body: null });
  return { text: leftEarlyText(d), code: EXIT.undelivered };
}
