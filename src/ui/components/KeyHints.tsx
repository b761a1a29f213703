import { Box, Text, useIsScreenReaderEnabled } from 'ink';
import { useFit } from '../fit.js';
import { useTheme } from '../hooks/use-theme.js';
import { spokenHints } from '../spoken.js';

export interface KeyHintsProps {
  /** Hints such as `['↑/↓ move', 'Enter choose', 'Ctrl+C quit']`, joined with ` · `. */
  hints: string[];
}

/**
 * The key-hint line every screen ends with; it stays when the terminal is short. A screen reader
 * reads it as a sentence, without the glyphs (`Keys: Up or Down arrow move, Enter choose.`).
 */
export function KeyHints({ hints }: KeyHintsProps) {
  const { colorOn } = useTheme();
  const { compact } = useFit();
  const screenReader = useIsScreenReaderEnabled();
  return (
    <Box marginTop={compact ? 0 : 1} flexShrink={0}>
      <Text dimColor={colorOn}>{screenReader ? spokenHints(hints) : hints.join(' · ')}</Text>
    </Box>
  );
}
