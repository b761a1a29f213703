import { Box } from 'ink';
import { Message } from './Message.js';

export interface NoticesProps {
  /** Warnings from start-up (unencrypted URL, key fallback, …). */
  notices: string[];
}

/** Start-up warnings, one per line, shown above the first screen. */
export function Notices({ notices }: NoticesProps) {
  if (notices.length === 0) return null;
  return (
    <Box flexDirection="column" marginBottom={1}>
      {notices.map((n, i) => <Message key={i} tone="warn">! {n}</Message>)}
    </Box>
  );
}
