import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { useFit } from '../fit.js';
import { useTheme } from '../hooks/use-theme.js';
import { KeyHints } from './KeyHints.js';

export interface ScreenProps {
  /** Heading of the step. */
  title: string;
  /** Key hints for the last line; none on final frames. */
  hints?: string[];
  children?: ReactNode;
}

/**
 * Layout shared by every step: a heading, the body, the key-hint line. When the terminal is too
 * short, the body gives way (its `Shrink` parts first); the heading and the hints stay.
 */
export function Screen({ title, hints, children }: ScreenProps) {
  const { color } = useTheme();
  const { compact } = useFit();
  return (
    <Box flexDirection="column" flexShrink={1} overflow="hidden">
      <Box flexShrink={0}>
        <Text bold color={color('accent')}>
          {title}
        </Text>
      </Box>
      <Box flexDirection="column" marginTop={compact ? 0 : 1} flexShrink={1} overflow="hidden">
        {children}
      </Box>
      {hints && hints.length > 0 ? <KeyHints hints={hints} /> : null}
    </Box>
  );
}

/** Text that may be cut when the terminal is short (explanations, not the question or the input). */
export function Shrink({ children, marginTop = 0 }: { children?: ReactNode; /** @default 0 */ marginTop?: number }) {
  const { compact } = useFit();
  return (
    <Box flexDirection="column" flexShrink={1} overflow="hidden" marginTop={compact ? 0 : marginTop}>
      {children}
    </Box>
  );
}

/** What a step needs on screen at any size (its question, input or list, an error). */
export function Keep({ children, marginTop = 0 }: { children?: ReactNode; /** @default 0 */ marginTop?: number }) {
  const { compact } = useFit();
  return (
    <Box flexDirection="column" flexShrink={0} marginTop={compact ? 0 : marginTop}>
      {children}
    </Box>
  );
}
