import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';

export interface KeyHintsProps {
  /** Hints such as `['↑/↓ move', 'Enter choose', 'Ctrl+C cancel']`, joined with ` · `. */
  hints: string[];
}

/** The key-hint line every screen ends with. */
export function KeyHints({ hints }: KeyHintsProps) {
  const { colorOn } = useTheme();
  return (
    <Box marginTop={1}>
      <Text dimColor={colorOn}>{hints.join(' · ')}</Text>
    </Box>
  );
}
