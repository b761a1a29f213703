import { useInput } from 'ink';
import { destination, type Choice } from '../../flow/steps.js';
import { Screen } from '../components/Screen.js';
import { Spinner } from '../components/Spinner.js';

export interface SendingScreenProps {
  choice: Choice;
  /** A code is being sent again. */
  resend: boolean;
  /** Esc: back to the list (a late answer is ignored). */
  onBack: () => void;
}

/** Step 3: the wizard asks the server to send an SMS or email code. */
export function SendingScreen({ choice, resend, onBack }: SendingScreenProps) {
  useInput((_input, key) => {
    if (key.escape) onBack();
  });
  return (
    <Screen title="Sending a code" hints={['Esc back', 'Ctrl+C quit']}>
      <Spinner label={`${resend ? 'Sending a new code' : 'Sending a code'} to ${destination(choice)}…`} />
    </Screen>
  );
}
