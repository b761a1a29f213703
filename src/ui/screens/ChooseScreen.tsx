import { Text, useInput } from 'ink';
import { WHEN_TO_REGENERATE } from '../../flow/messages.js';
import { choiceLabel, firstSentence, type ChoiceRow } from '../../flow/labels.js';
import type { TfaStatus } from '../../api/types.js';
import { isLegacy, type ListedChoice } from '../../flow/steps.js';
import { Menu, menuItemLines, type MenuItem } from '../components/Menu.js';
import { Message } from '../components/Message.js';
import { Keep, Screen, Shrink } from '../components/Screen.js';
import { textLines, useFit, wrappedLines } from '../fit.js';

export type { ChoiceRow };

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

const itemFor = (row: ChoiceRow, status: TfaStatus): MenuItem => choiceLabel(row, status);

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
  const hints = ['↑/↓ move', '1–9 pick', 'Enter choose', 'Esc/Ctrl+C quit'];
  // What went wrong stays; the rest of the error (what to do) gives way on a short terminal.
  const what = firstSentence(error ?? '')[0];
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
    (error ? gap + textLines(what, columns) : 0);
  const intro = [
    legacy
      ? 'This account uses the older 2FA setup. Regenerating backup codes also migrates it: the phone number on ' +
        'file becomes an SMS method.'
      : (n === null
          ? 'The server did not say how many unused backup codes you have (its answer was malformed). ' +
            'New codes replace all of them.'
          : `You have ${n} unused backup code${n === 1 ? '' : 's'}. New codes replace all of them.`) + unread,
    ...WHEN_TO_REGENERATE,
  ];
  // On a short terminal the explanations go whole, from the last, never cut mid-sentence: those
  // that fit above the whole list are shown, in order.
  let room = lines - around - rows.reduce((h, r) => h + menuItemLines(itemFor(r, status), columns), 0);
  const shown: string[] = [];
  for (const t of intro) {
    const h = Number.isFinite(lines) ? wrappedLines(t, columns) : 0;
    if (h > room) break;
    shown.push(t);
    room -= h;
  }
  return (
    <Screen title={TITLE} hints={hints}>
      <Shrink>
        {shown.map((t) => (
          <Text key={t}>{t}</Text>
        ))}
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
        <Shrink marginTop={1} instead={<Message tone="error">{what}</Message>}>
          <Message tone="error">{error}</Message>
        </Shrink>
      ) : null}
    </Screen>
  );
}
