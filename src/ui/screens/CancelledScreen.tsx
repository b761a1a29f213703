import { Text } from 'ink';
import { CANCELLED } from '../../flow/messages.js';

/** Final frame after Ctrl+C before anything changed (exit 130). */
export function CancelledScreen() {
  return <Text>{CANCELLED}</Text>;
}
