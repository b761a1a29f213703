import { useLayoutEffect, useRef, useState, type ReactNode } from 'react';
import { Box, measureElement, Text, type DOMElement } from 'ink';
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

/**
 * Text that gives way when the terminal is short (explanations, not the question or the input):
 * shown whole or not at all, never cut mid-sentence. Whether it fits is measured once laid out; at
 * a size where it did not, it stays out (any other size tries again).
 */
export function Shrink({
  children,
  marginTop = 0,
  instead,
}: {
  children?: ReactNode;
  /** @default 0 */
  marginTop?: number;
  /** Shown in its place when it does not fit: a shorter form that must stay. */
  instead?: ReactNode;
}) {
  const { compact, lines, columns } = useFit();
  const room = useRef<DOMElement>(null);
  const text = useRef<DOMElement>(null);
  const size = `${columns}x${lines}`;
  const [cutAt, setCutAt] = useState<string | null>(null);
  const hidden = cutAt === size;
  // After every render: the text and the room it gets change with the terminal and the screen.
  // eslint-disable-next-line react-hooks/exhaustive-deps -- see above
  useLayoutEffect(() => {
    if (hidden || !room.current || !text.current) return;
    if (measureElement(room.current).height < measureElement(text.current).height) setCutAt(size);
  });
  return (
    <>
      <Box
        ref={room}
        flexDirection="column"
        flexShrink={1}
        overflow="hidden"
        marginTop={compact || hidden ? 0 : marginTop}
        {...(hidden ? { height: 0 } : {})}
      >
        <Box ref={text} flexDirection="column" flexShrink={0}>
          {children}
        </Box>
      </Box>
      {hidden && instead ? <Keep marginTop={marginTop}>{instead}</Keep> : null}
    </>
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
