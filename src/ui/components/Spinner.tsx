import { useEffect, useState } from 'react';
import { Text } from 'ink';
import { useTheme } from '../hooks/use-theme.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface SpinnerProps {
  /** What is happening, shown after the spinner. */
  label: string;
}

/** A small spinner; its timer runs only while it is mounted. */
export function Spinner({ label }: SpinnerProps) {
  const { color } = useTheme();
  const [i, setI] = useState(0);
  useEffect(() => {
    const t = setInterval(() => setI((n) => (n + 1) % FRAMES.length), 120);
    return () => clearInterval(t);
  }, []);
  return (
    <Text>
      <Text color={color('accent')}>{FRAMES[i]}</Text> {label}
    </Text>
  );
}
