import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

export interface TerminalSize {
  /** @default 80 when unknown */
  columns: number;
  /** Infinity when unknown (not a terminal: nothing to fit). */
  rows: number;
}

const sizeOf = (stdout: NodeJS.WriteStream): TerminalSize => ({
  columns: stdout.columns && stdout.columns > 0 ? stdout.columns : 80,
  rows: stdout.rows && stdout.rows > 0 ? stdout.rows : Infinity,
});

/**
 * The terminal's size, updated on resize. The listener goes before Ink's own, so the frame Ink
 * draws for the new size is already laid out for it (not the old, maybe too tall, one).
 */
export function useTerminalSize(): TerminalSize {
  const { stdout } = useStdout();
  const [size, setSize] = useState(() => sizeOf(stdout));
  useEffect(() => {
    const onResize = (): void => setSize(sizeOf(stdout));
    stdout.prependListener('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return size;
}

/** The terminal's width in columns, updated on resize. @default 80 when unknown */
export function useColumns(): number {
  return useTerminalSize().columns;
}
