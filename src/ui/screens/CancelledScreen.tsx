import { Text } from 'ink';

/** Final frame after Ctrl+C before anything changed (exit 130). */
export function CancelledScreen() {
  return <Text>Cancelled. Nothing was changed; your backup codes still work.</Text>;
}
