import { Box, useIsScreenReaderEnabled } from 'ink';
import { useFit } from '../fit.js';
import { Message } from './Message.js';

export interface NoticesProps {
  /** Warnings from start-up (unencrypted URL, key fallback, …). */
  notices: readonly string[];
}

/** Start-up warnings, one per line, shown above the first screen (`! …`; read as `Warning: …`). */
export function Notices({ notices }: NoticesProps) {
  const { compact } = useFit();
  const mark = useIsScreenReaderEnabled() ? 'Warning:' : '!';
  if (notices.length === 0) return null;
  return (
    <Box flexDirection="column" marginBottom={compact ? 0 : 1}>
      {notices.map((n, i) => (
        <Message key={i} tone="warn">
          {mark} {n}
        </Message>
      ))}
    </Box>
  );
}
