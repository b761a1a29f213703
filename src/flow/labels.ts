/**
 * Words both wizards show (the Ink screens and the plain line-by-line one), kept here so the two
 * never drift apart: the list's items, the code prompt, the failure headline.
 */
import type { TfaStatus } from '../api/types.js';
import { attemptsLeft, LOCK_MINUTES } from '../api/errors.js';
import { clockTime } from './messages.js';
import {
  choiceChannel,
  choiceName,
  destination,
  failCount,
  type Choice,
  type ListedChoice,
  type SentChallenge,
  type WizardState,
} from './steps.js';

/**
 * "2 attempts left before SMS locks for 15 minutes." once a code was refused, else null; `short`:
 * "2 attempts left." (what a narrow terminal keeps).
 */
export function attemptsNote(state: Pick<WizardState, 'failCounts'>, choice: Choice, short = false): string | null {
  const channel = choiceChannel(choice);
  const fails = failCount(state, choice);
  const left = channel === 'backup' || fails === 0 || fails === null ? null : attemptsLeft(channel, fails);
  if (left === null) return null;
  const count = `${left} attempt${left === 1 ? '' : 's'} left`;
  return short ? `${count}.` : `${count} before ${choiceName(choice)} locks for ${LOCK_MINUTES} minutes.`;
}

/**
 * `text` cut after its first sentence: what happened (or what to do), and the rest, an explanation
 * a short terminal may drop. Not after an abbreviation ("e.g."); the rest is '' when there is none.
 */
export function firstSentence(text: string): [string, string] {
  const m = /(?<=[\w)]{2}[.!?])\s+(?=[A-Z0-9])/.exec(text);
  return m ? [text.slice(0, m.index), text.slice(m.index + m[0].length)] : [text, ''];
}

/** One row of the list, with what is shown about it. */
export interface ChoiceRow {
  choice: ListedChoice;
  /** Epoch seconds when a lock ends, null when not locked, 'unknown' when the server's field was malformed. */
  lockedUntil: number | null | 'unknown';
  /** null: the server's count was malformed (unknown). */
  failCount: number | null;
}

/** How a row reads: its label, a detail line, and why it cannot be chosen now (null: it can). */
export interface ChoiceLabel {
  label: string;
  detail?: string;
  disabled?: string | null;
}

export function choiceLabel(row: ChoiceRow, status: TfaStatus): ChoiceLabel {
  const c = row.choice;
  const f = row.failCount;
  const until = row.lockedUntil;
  const counted =
    f === null ? 'failed attempts unknown' : f > 0 ? `${f} failed attempt${f === 1 ? '' : 's'}` : undefined;
  // An unknown lock is said, not enforced: the choice stays open and the server decides.
  const fails = until === 'unknown' ? [counted, 'lock state unknown'].filter(Boolean).join(', ') : counted;
  const locked = typeof until === 'number' ? `locked until ${clockTime(until)}` : null;
  switch (c.kind) {
    case 'method': {
      const m = c.method;
      const what = m.kind === 'totp' ? 'Authenticator app' : `SMS to ${m.phoneNumber ?? 'your phone'}`;
      const label = m.label && m.label !== what ? `${what} — ${m.label}` : what;
      return { label: `${label}${m.isPrimary ? ' (primary)' : ''}`, detail: fails, disabled: locked };
    }
    case 'phone':
      return { label: 'Text a code to the phone number on file', detail: fails, disabled: locked };
    case 'email':
      return { label: 'Email a code to my account address', detail: fails, disabled: locked };
    case 'backup': {
      const n = status.backupCodesRemaining;
      const left = n === null ? 'how many are left is unknown' : `${n} left`;
      return { label: `Use a backup code (${left})`, disabled: locked ?? (n === 0 ? 'none left' : null) };
    }
  }
}

/** What the code step asks for. */
export function codePrompt(choice: Choice, challenge: SentChallenge | null): string {
  switch (choiceChannel(choice)) {
    case 'totp':
      return 'Enter the 6-digit code your authenticator app shows now.';
    case 'backup':
      return 'Enter one of your unused backup codes, as written (e.g. XXXX-XXXX-XXXX). It will be used up.';
    default:
      return challenge?.sentAt === null
        ? 'Enter the 6-digit code that was sent earlier (its --secret was given).'
        : `A 6-digit code was sent to ${destination(choice)}. Enter it here (it is valid for 10 minutes).`;
  }
}

/** The first line of a failure's final frame. */
export function failureHeadline(outcomeUnknown: boolean, whileChecking: boolean): string {
  return outcomeUnknown
    ? 'The result of the regeneration is unknown.'
    : whileChecking
      ? "Could not check the account's two-factor setup. Nothing was changed."
      : 'Could not regenerate the backup codes.';
}

/** The confirmation's last line before the choice. */
export const SHOWN_ONCE_NOTE = 'The 10 new codes are shown only this once: save or copy them on the next screen.';
