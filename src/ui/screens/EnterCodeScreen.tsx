import { useState } from 'react';
import { Text, useInput, useIsScreenReaderEnabled } from 'ink';
import { cleanBackupCode, cleanDigits } from '../../codes/format.js';
import { needsSending, type Choice, type SentChallenge } from '../../flow/steps.js';
import { codePrompt, firstSentence } from '../../flow/labels.js';
import { TextField } from '../components/TextField.js';
import { Message } from '../components/Message.js';
import { Keep, Screen, Shrink } from '../components/Screen.js';
import { useSecondsLeft } from '../hooks/use-seconds-left.js';
import { spokenSeconds } from '../spoken.js';

export interface EnterCodeScreenProps {
  choice: Choice;
  challenge: SentChallenge | null;
  /** Why the last code was refused (a wrong code's reason says the attempts left). */
  error: string | null;
  notice: string | null;
  /** What the input starts with. @default '' */
  initialValue?: string;
  /** Cool-down before `r` resends, from when the code was sent. */
  resendCooldownMs: number;
  /** Once a code was refused: e.g. "2 attempts left before SMS locks for 15 minutes." @default null */
  attemptsNote?: string | null;
  /** Its short form ("2 attempts left."), kept when the long one does not fit. @default null */
  attemptsShort?: string | null;
  /**
   * The user already confirmed the replacement (this is a retry after a refused code): Enter
   * replaces the codes at once, and the screen says so. @default false
   */
  confirmed?: boolean;
  /** Enter: the value as typed (the reducer validates it). */
  onSubmit: (value: string) => void;
  /** `r` once the cool-down has passed. */
  onResend: () => void;
  /** Esc. */
  onBack: () => void;
}

const prompt = codePrompt;

/** On a retry after a refused code: no second confirmation, so the screen says what Enter does. */
const RETRY_NOTE = 'You already agreed: Enter replaces your backup codes with this code.';

/** Step 4: the code. Pastes are cleaned; the reducer refuses malformed codes before any request. */
export function EnterCodeScreen(p: EnterCodeScreenProps) {
  const { choice, challenge } = p;
  // An error is about the value it was given for: the next edit clears it.
  const [edited, setEdited] = useState(false);
  const error = edited ? null : p.error;
  const what = firstSentence(error ?? '')[0];
  const promptText = prompt(choice, challenge);
  const ask = firstSentence(promptText)[0];
  const backup = choice.kind === 'backup';
  const canResend = needsSending(choice);
  const sentAt = canResend ? (challenge?.sentAt ?? null) : null;
  const wait = useSecondsLeft(sentAt === null ? -Infinity : sentAt + p.resendCooldownMs);
  // A screen reader hears the wait once, in a line of its own, and then that the resend is possible.
  const screenReader = useIsScreenReaderEnabled();
  const waitText = screenReader ? spokenSeconds(wait) : `${wait} s`;
  useInput((_input, key) => {
    if (key.escape) p.onBack();
  });
  // `r` before a resend is allowed: say when it will be (else the key seems to do nothing).
  const [tooSoon, setTooSoon] = useState(false);
  const onCommandKey = (k: string): boolean => {
    if (!canResend || (k !== 'r' && k !== 'R')) return false;
    if (wait === 0) p.onResend();
    else setTooSoon(true);
    return true;
  };
  const hints = [p.confirmed ? 'Enter replace the codes' : 'Enter submit'];
  if (canResend && !(screenReader && wait > 0)) hints.push(wait > 0 ? `r resend in ${wait} s` : 'r resend');
  hints.push('Esc back', 'Ctrl+C quit');
  return (
    <Screen title={backup ? 'Enter a backup code' : 'Enter the code'} hints={hints}>
      {p.notice ? (
        <Shrink>
          <Message tone="accent">{p.notice}</Message>
        </Shrink>
      ) : null}
      {/* What to enter stays (its first sentence when the whole prompt does not fit). */}
      <Shrink instead={<Text>{ask}</Text>}>
        <Text>{promptText}</Text>
      </Shrink>
      {screenReader && canResend ? (
        <Keep>
          <Text>{wait > 0 ? `You can resend in ${spokenSeconds(wait)}.` : 'You can resend now (r).'}</Text>
        </Keep>
      ) : null}
      {/* The key hints say what Enter does, too. */}
      {p.confirmed ? (
        <Shrink>
          <Text>{RETRY_NOTE}</Text>
        </Shrink>
      ) : null}
      <Keep marginTop={1}>
        <TextField
          initialValue={p.initialValue ?? ''}
          clean={backup ? cleanBackupCode : cleanDigits}
          onChange={() => setEdited(true)}
          onSubmit={p.onSubmit}
          onCommandKey={onCommandKey}
        />
      </Keep>
      {tooSoon && wait > 0 ? (
        <Keep marginTop={1}>
          <Message tone="accent">{`A new code can be sent in ${waitText}.`}</Message>
        </Keep>
      ) : null}
      {/* What happened stays (its first sentence when the whole does not fit); the attempts left too, short. */}
      {error ? (
        <Shrink marginTop={1} instead={<Message tone="error">{what}</Message>}>
          <Message tone="error">{error}</Message>
        </Shrink>
      ) : null}
      {p.attemptsNote ? (
        <Shrink
          marginTop={error ? 0 : 1}
          instead={p.attemptsShort ? <Message tone="warn">{p.attemptsShort}</Message> : null}
        >
          <Message tone="warn">{p.attemptsNote}</Message>
        </Shrink>
      ) : null}
    </Screen>
  );
}
