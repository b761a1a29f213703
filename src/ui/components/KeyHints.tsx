import { Box, Text } from 'ink';
import { useFit } from '../fit.js';
import { useTheme } from '../hooks/use-theme.js';

export interface KeyHintsProps {
  /** Hints such as `['↑/↓ move', 'Enter choose', 'Ctrl+C quit']`, joined with ` · `. */
  hints: string[];
}

/** The key-hint line every screen ends with; it stays when the terminal is short. */
export function KeyHints({ hints }: KeyHintsProps) {
  const { colorOn } = useTheme();
  const { compact } = useFit();
  return (
    <Box marginTop={compact ? 0 : 1} flexShrink={0}>
      <Text dimColor={colorOn}>{hints.join(' · ')}</Text>
    </Box>
  );
}
