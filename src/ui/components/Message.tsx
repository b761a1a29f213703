import type { ReactNode } from 'react';
import { Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';
import type { Tone } from '../theme.js';

export interface MessageProps {
  /** error / warn / ok / accent. */
  tone: Tone;
  children: ReactNode;
  /** Bold text. @default false */
  bold?: boolean;
}

/**
 * A line of text in a tone; the words carry the meaning, the colour only underlines it. A warning
 * is bold, with or without colour.
 */
export function Message({ tone, children, bold = false }: MessageProps) {
  const { color } = useTheme();
  return (
    <Text color={color(tone)} bold={bold || tone === 'warn'}>
      {children}
    </Text>
  );
}
