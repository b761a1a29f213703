import type { ReactNode } from 'react';
import { Box, Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import { KeyHints } from './KeyHints.js';

export interface ScreenProps {
  /** Heading of the step. */
  title: string;
  /** Key hints for the last line; none on final frames. */
  hints?: string[];
  children?: ReactNode;
}

/** Layout shared by every step: a heading, the body, the key-hint line. */
export function Screen({ title, hints, children }: ScreenProps) {
  const { color } = useTheme();
  return (
    <Box flexDirection="column">
      <Text bold color={color('accent')}>{title}</Text>
      <Box flexDirection="column" marginTop={1}>{children}</Box>
      {hints && hints.length > 0 ? <KeyHints hints={hints} /> : null}
    </Box>
  );
}
