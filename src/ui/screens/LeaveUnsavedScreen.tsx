import { Text, useInput } from 'ink';
import { Menu } from '../components/Menu.js';
import { Message } from '../components/Message.js';
import { Keep, Screen, Shrink } from '../components/Screen.js';

export interface LeaveUnsavedScreenProps {
  /** How many new codes would be left unsaved. */
  count: number;
  /** They were sent to the clipboard (OSC 52), which cannot be checked. @default false */
  copied?: boolean;
  /** Esc or "Go back": return to the codes. */
  onBack: () => void;
  /** "Leave without saving". */
  onLeave: () => void;
}

const HINTS = ['↑/↓ move', 'Enter choose', 'Esc back to the codes', 'Ctrl+C quit'];

/** Asked once when leaving the codes unsaved (also on Ctrl+C): names the risk. */
export function LeaveUnsavedScreen({ count, copied = false, onBack, onLeave }: LeaveUnsavedScreenProps) {
  useInput((_input, key) => {
    if (key.escape) onBack();
  });
  return (
    <Screen title="Leave without saving?" hints={HINTS}>
      <Keep>
        <Message tone="warn" bold>
          {copied
            ? `The ${count} new backup codes are not saved anywhere. They were sent to the clipboard, but a copy ` +
              `cannot be checked: nothing shows that it arrived.`
            : `The ${count} new backup codes are not saved or copied anywhere.`}
        </Message>
      </Keep>
      <Shrink>
        <Text>
          Your old codes no longer work, and the server will never show these again. If you lose your authenticator or
          phone without them, you can be locked out of your account.
        </Text>
      </Shrink>
      <Keep marginTop={1}>
        <Menu
          numbered={false}
          items={[{ label: 'Go back and save them' }, { label: 'Leave without saving (they stay on screen)' }]}
          onPick={(i) => (i === 0 ? onBack() : onLeave())}
        />
      </Keep>
    </Screen>
  );
}
