import { Text, useInput } from 'ink';
import { whatStopsWorking } from '../../flow/messages.js';
import { SHOWN_ONCE_NOTE } from '../../flow/labels.js';
import { Menu } from '../components/Menu.js';
import { Message } from '../components/Message.js';
import { Keep, Screen, Shrink } from '../components/Screen.js';

export interface ConfirmScreenProps {
  /** Unused backup codes the account has now (they all stop working); null: the server did not say. */
  remaining: number | null | undefined;
  /** The choice starts on Back; `y` or "Regenerate" proceeds. */
  onConfirm: () => void;
  /** `n`, Esc or "Back": back to the code. */
  onBack: () => void;
}

/** Step 5: the last chance. Nothing has changed on the account before this is answered. */
export function ConfirmScreen({ remaining, onConfirm, onBack }: ConfirmScreenProps) {
  useInput((input, key) => {
    if (key.ctrl || (key.meta && !key.escape)) return;
    if (input === 'y' || input === 'Y') onConfirm();
    else if (input === 'n' || input === 'N' || key.escape) onBack();
  });
  return (
    <Screen
      title="Replace your backup codes?"
      hints={['↑/↓ move', 'Enter choose', 'y regenerate', 'n/Esc back', 'Ctrl+C quit']}
    >
      <Keep>
        <Message tone="warn" bold>
          {whatStopsWorking(remaining)}
        </Message>
      </Keep>
      <Shrink>
        <Text>{SHOWN_ONCE_NOTE}</Text>
      </Shrink>
      <Keep marginTop={1}>
        <Menu
          items={[{ label: 'Back' }, { label: 'Regenerate backup codes' }]}
          numbered={false}
          onPick={(i) => (i === 1 ? onConfirm() : onBack())}
        />
      </Keep>
    </Screen>
  );
}
