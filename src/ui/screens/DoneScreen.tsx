import { Box, Text, useIsScreenReaderEnabled } from 'ink';
import { formatCodesForTerminal } from '../../codes/format.js';
import { Message } from '../components/Message.js';

export interface DoneScreenProps {
  summary: string;
  /** Codes left on the final frame, or null. */
  shown: string[] | null;
  generatedAt: number;
  columns: number;
  /** The summary warns (codes not saved). */
  warn: boolean;
}

/** Step 8, the final frame: a one-line summary, and the codes only when they must stay visible. */
export function DoneScreen({ summary, shown, generatedAt, columns, warn }: DoneScreenProps) {
  // One code a line for a screen reader, in order, and each sentence on one line.
  const oneColumn = useIsScreenReaderEnabled();
  const width = oneColumn ? Infinity : columns;
  return (
    <Box flexDirection="column">
      {shown
        ? formatCodesForTerminal(shown, new Date(generatedAt), width, oneColumn).map((l, i) => (
            <Text key={i}>{l === '' ? ' ' : l}</Text>
          ))
        : null}
      {shown ? <Text> </Text> : null}
      <Message tone={warn ? 'warn' : 'ok'}>{summary}</Message>
    </Box>
  );
}
