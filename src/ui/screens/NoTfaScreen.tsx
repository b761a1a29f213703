import { Text } from 'ink';
import { Screen } from '../components/Screen.js';
import { Message } from '../components/Message.js';

/** 2FA is off: there are no backup codes to regenerate. Final frame (exit 1). */
export function NoTfaScreen() {
  return (
    <Screen title="Regenerate Vast.ai backup codes">
      <Message tone="warn">Two-factor authentication is not enabled on this account, so it has no backup codes to regenerate.</Message>
      <Text> </Text>
      <Text>Turn 2FA on first: in the console (https://cloud.vast.ai/account/), or with the official CLI:</Text>
      <Text>  vastai tfa auth-new</Text>
      <Text>(see `vastai tfa --help`). Backup codes are created when 2FA is turned on; then run this again.</Text>
    </Screen>
  );
}
