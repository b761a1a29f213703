import { useEffect, useState } from 'react';
import { Box, Text, useIsScreenReaderEnabled } from 'ink';
import { useClock } from '../clock.js';
import { useTheme } from '../hooks/use-theme.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const ASCII_FRAMES = ['-', '\\', '|', '/'];

export interface SpinnerProps {
  /** What is happening, shown after the spinner. */
  label: string;
}

/**
 * A small spinner; its timer runs only while it is mounted. In screen-reader mode there is no
 * glyph and no timer (Ink would write the whole screen again at every frame): the label, marked busy.
 */
export function Spinner({ label }: SpinnerProps) {
  const screenReader = useIsScreenReaderEnabled();
  return screenReader ? (
    <Box aria-state={{ busy: true }}>
      <Text>{label}</Text>
    </Box>
  ) : (
    <SpinningLabel label={label} />
  );
}

function SpinningLabel({ label }: SpinnerProps) {
  const { color, ascii } = useTheme();
  const frames = ascii ? ASCII_FRAMES : FRAMES;
  const clock = useClock();
  const [i, setI] = useState(0);
  useEffect(() => clock.every(120, () => setI((n) => n + 1)), [clock]);
  return (
    <Text>
      <Text color={color('accent')}>{frames[i % frames.length]}</Text> {label}
    </Text>
  );
}
