import { Text, useInput, useIsScreenReaderEnabled } from 'ink';
import { remainingAfterUnknown } from '../../flow/messages.js';
import { Menu } from '../components/Menu.js';
import { Message } from '../components/Message.js';
import { Keep, Screen, Shrink } from '../components/Screen.js';
import { useSecondsLeft } from '../hooks/use-seconds-left.js';
import { spokenSeconds } from '../spoken.js';

export interface RetryWaitScreenProps {
  /** What happened (the regenerate may have replaced the codes). */
  title: string;
  /** After the unknown outcome: the count the account reports now, if known. */
  backupCodesRemaining: number | null;
  /** Epoch ms when the server's wait (Retry-After) is over. */
  retryAt: number;
  /** "Try again", offered once the wait is over: a new attempt, confirmed again. */
  onRetry: () => void;
  /** q, Esc or "Quit": the failure's final frame (exit 1). */
  onQuit: () => void;
}

/**
 * After a regenerate whose outcome is unknown, when the server asked to wait: counts the wait
 * down, then offers a new attempt (a fresh code and the confirmation again). Never tries by itself.
 */
export function RetryWaitScreen({ title, backupCodesRemaining, retryAt, onRetry, onQuit }: RetryWaitScreenProps) {
  // Counted every second; in screen-reader mode said once, and again when the wait is over.
  const left = useSecondsLeft(retryAt);
  const screenReader = useIsScreenReaderEnabled();
  const ready = left === 0;
  useInput((input, key) => {
    if (key.ctrl || (key.meta && !key.escape)) return;
    if (input === 'q' || input === 'Q' || key.escape) onQuit();
  });
  const remaining = remainingAfterUnknown(backupCodesRemaining);
  return (
    <Screen
      title="The result of the regeneration is unknown"
      hints={ready ? ['↑/↓ move', 'Enter choose', 'q/Esc quit'] : ['q/Esc quit', 'Ctrl+C quit']}
    >
      <Keep>
        <Message tone="error" bold>
          {title}
        </Message>
      </Keep>
      <Shrink>
        {remaining !== null ? <Text>{remaining}</Text> : null}
        <Text>Your old backup codes may no longer work, and the new ones were never received.</Text>
      </Shrink>
      <Keep marginTop={1}>
        {ready ? (
          <Menu
            numbered={false}
            items={[{ label: 'Try again (a fresh code, and you confirm again)' }, { label: 'Quit' }]}
            onPick={(i) => (i === 0 ? onRetry() : onQuit())}
          />
        ) : (
          <Text>
            The server asked to wait: you can try again in {screenReader ? spokenSeconds(left) : `${left} s`}. Nothing
            is sent until you choose to.
          </Text>
        )}
      </Keep>
    </Screen>
  );
}
