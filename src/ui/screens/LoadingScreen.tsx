import { Screen } from '../components/Screen.js';
import { Spinner } from '../components/Spinner.js';

/** Step 1: waiting for `tfa status`. */
export function LoadingScreen() {
  return (
    <Screen title="Regenerate Vast.ai backup codes" hints={['Ctrl+C quit']}>
      <Spinner label="Checking your account's two-factor setup…" />
    </Screen>
  );
}
