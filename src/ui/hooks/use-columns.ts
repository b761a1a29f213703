import { useEffect, useState } from 'react';
import { useStdout } from 'ink';

const widthOf = (stdout: NodeJS.WriteStream): number => (stdout.columns && stdout.columns > 0 ? stdout.columns : 80);

/** The terminal's width in columns, updated on resize. @default 80 when unknown */
export function useColumns(): number {
  const { stdout } = useStdout();
  const [columns, setColumns] = useState(() => widthOf(stdout));
  useEffect(() => {
    const onResize = (): void => setColumns(widthOf(stdout));
    stdout.on('resize', onResize);
    return () => {
      stdout.off('resize', onResize);
    };
  }, [stdout]);
  return columns;
}
