import { Text, useInput } from 'ink';
import { clockTime } from '../../flow/messages.js';
import type { TfaStatus } from '../../api/types.js';
import { isLegacy, type ListedChoice } from '../../flow/steps.js';
import { Menu, type MenuItem } from '../components/Menu.js';
import { Message } from '../components/Message.js';
import { Keep, Screen, Shrink } from '../components/Screen.js';
import { textLines, useFit } from '../fit.js';

/** One row of the list, with what the screen needs to show about it. */
export interface ChoiceRow {
  choice: ListedChoice;
  /** Epoch seconds when a lock ends, null when not locked, 'unknown' when the server's field was malformed. */
  lockedUntil: number | null | 'unknown';
  /** null: the server's count was malformed (unknown). */
  failCount: number | null;
}

export interface ChooseScreenProps {
  status: TfaStatus;
  rows: ChoiceRow[];
  /** Why the last pick (or a flag) did not work. */
  error: string | null;
  notice: string | null;
  onPick: (choice: ListedChoice) => void;
  /** Row highlighted first (the way picked last, when coming back). @default the first */
  initial?: number;
  /** Esc or q: leave without changing anything. @default none */
  onCancel?: () => void;
}

function itemFor(row: ChoiceRow, status: TfaStatus): MenuItem {
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

const TITLE = 'Regenerate Vast.ai backup codes';
const QUESTION = "How do you want to verify it's you?";

/** Step 2: how to prove it is you. Locked methods show when they unlock and cannot be chosen. */
export function ChooseScreen({ status, rows, error, notice, onPick, initial, onCancel }: ChooseScreenProps) {
  const legacy = isLegacy(status);
  const unread = status.unread
    ? ` The server listed ${status.unread === 1 ? 'a method' : `${status.unread} methods`} this program could not read.`
    : '';
  const n = status.backupCodesRemaining;
  const { lines, columns, compact } = useFit();
  useInput((input, key) => {
    if (key.escape || input === 'q' || input === 'Q') onCancel?.();
  });
  const hints = ['↑/↓ move', '1–9 pick', 'Enter choose', 'Esc/Ctrl+C cancel'];
  // The list gets what the heading, the question, the messages and the hints leave.
  const gap = compact ? 0 : 1;
  const around =
    textLines(TITLE, columns) +
    gap +
    gap +
    textLines(QUESTION, columns) +
    gap +
    textLines(hints.join(' · '), columns) +
    (notice ? gap + textLines(notice, columns) : 0) +
    (error ? gap + textLines(error, columns) : 0);
  return (
    <Screen title={TITLE} hints={hints}>
      <Shrink>
        {legacy ? (
          <Text>
            This account uses the older 2FA setup. Regenerating backup codes also migrates it: the phone number on file
            becomes an SMS method.
          </Text>
        ) : (
          <Text>
            {n === null
              ? 'The server did not say how many unused backup codes you have (its answer was malformed). ' +
                'New codes replace all of them.'
              : `You have ${n} unused backup code${n === 1 ? '' : 's'}. New codes replace all of them.`}
            {unread}
          </Text>
        )}
      </Shrink>
      <Keep marginTop={1}>
        <Text bold>{QUESTION}</Text>
        <Menu
          items={rows.map((r) => itemFor(r, status))}
          onPick={(i) => onPick(rows[i]!.choice)}
          initial={initial}
          maxLines={Number.isFinite(lines) ? Math.max(3, lines - around) : undefined}
        />
      </Keep>
      {notice ? (
        <Keep marginTop={1}>
          <Message tone="accent">{notice}</Message>
        </Keep>
      ) : null}
      {error ? (
        <Keep marginTop={1}>
          <Message tone="error">{error}</Message>
        </Keep>
      ) : null}
    </Screen>
  );
}
