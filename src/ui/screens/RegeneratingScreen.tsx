import { Box } from 'ink';
import { Message } from '../components/Message.js';
import { Screen } from '../components/Screen.js';
import { Spinner } from '../components/Spinner.js';

export interface RegeneratingScreenProps {
  /** Ctrl+C was pressed while the request is in flight. */
  cancelAsked: boolean;
}

/** Step 6: the regenerate request is in flight; Ctrl+C is held so the new codes cannot be lost. */
export function RegeneratingScreen({ cancelAsked }: RegeneratingScreenProps) {
  return (
    <Screen title="Regenerating" hints={['please wait']}>
      <Spinner label="Replacing your backup codes…" />
      {cancelAsked ? (
        <Box marginTop={1}>
          <Message tone="warn">
            The request is already on its way and cannot be called back. Stopping now could lose the new codes, so the
            wizard waits for the answer.
          </Message>
        </Box>
      ) : null}
    </Screen>
  );
}
