import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

/** The terminal's width in columns, updated on resize. @default 80 when unknown */
export function useColumns(): number {
  const { stdout } = useStdout();
  const read = (): number => (stdout.columns && stdout.columns > 0 ? stdout.columns : 80);
  const [columns, setColumns] = useState(read);
  useEffect(() => {
    const onResize = (): void => setColumns(read());
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return columns;
}
