import { Text } from 'ink';
import { NO_TFA } from '../../flow/messages.js';
import { Screen } from '../components/Screen.js';
import { Message } from '../components/Message.js';

/** 2FA is off: there are no backup codes to regenerate. Final frame (exit 1). */
export function NoTfaScreen() {
  return (
    <Screen title="Regenerate Vast.ai backup codes">
      <Message tone="warn">{NO_TFA.title}</Message>
      <Text> </Text>
      <Text>{NO_TFA.hint}</Text>
    </Screen>
  );
}
