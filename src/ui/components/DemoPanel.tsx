import { useEffect, useState } from 'react';
import { Box, Text } from 'ink';
import type { DemoInbox } from '../../demo/inbox.js';
import { inert } from '../../text/sanitize.js';
import { useClock } from '../clock.js';
import { useTheme } from '../hooks/use-theme.js';

export interface DemoPanelProps {
  /** Reads the demo API's inbox; asked about once a second while the panel is on screen. */
  fetchInbox: () => Promise<DemoInbox>;
  /** @default 1000 */
  intervalMs?: number;
}

/**
 * The `--demo` helper: the current authenticator code, the last SMS/email code and a backup code.
 * It polls only while mounted, and re-renders only itself.
 */
export function DemoPanel({ fetchInbox, intervalMs = 1000 }: DemoPanelProps) {
  const { color, ascii } = useTheme();
  const clock = useClock();
  const [inbox, setInbox] = useState<DemoInbox | null>(null);
  useEffect(() => {
    let live = true;
    let busy = false;
    const poll = (): void => {
      if (busy) return;
      busy = true;
      fetchInbox()
        .then(
          (x) => {
            if (live) setInbox(x);
          },
          () => undefined,
        )
        .finally(() => {
          busy = false;
        });
    };
    poll();
    const stop = clock.every(intervalMs, poll);
    return () => {
      live = false;
      stop();
    };
  }, [fetchInbox, intervalMs, clock]);
  const last = inbox?.messages.length ? inbox.messages[inbox.messages.length - 1]! : null;
  return (
    <Box
      flexDirection="column"
      alignSelf="flex-start"
      borderStyle={ascii ? 'classic' : 'round'}
      borderColor={color('accent')}
      paddingX={1}
      marginTop={1}
    >
      <Text bold>Demo inbox</Text>
      {inbox === null ? (
        <Text aria-label="Reading the demo inbox…">…</Text>
      ) : (
        <>
          <Text>Authenticator code: {inert(inbox.totpCode, 12)}</Text>
          <Text>
            {last
              ? `Last ${last.channel === 'sms' ? 'SMS' : 'email'} code: ${inert(last.code, 12)}`
              : 'No SMS or email sent yet'}
          </Text>
          {inbox.backupCodes[0] ? <Text>A backup code: {inert(inbox.backupCodes[0], 20)}</Text> : null}
        </>
      )}
    </Box>
  );
}
