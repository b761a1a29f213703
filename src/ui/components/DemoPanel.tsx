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
  /**
   * A short terminal: one line ("Demo inbox: app 123456 · SMS 654321 · backup …"), the code for
   * this channel first, as much as fits in `columns`. @default null (the full panel)
   */
  line?: { columns: number; first: 'totp' | 'sms' | 'email' | 'backup' | null } | null;
}

/**
 * The `--demo` helper: the current authenticator code, the last SMS/email code and a backup code.
 * It polls only while mounted, and re-renders only itself.
 */
export function DemoPanel({ fetchInbox, intervalMs = 1000, line = null }: DemoPanelProps) {
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
  if (line) {
    const parts: [string, string][] = inbox
      ? [
          ['totp', `app ${inert(inbox.totpCode, 12)}`],
          ...(last
            ? [
                [last.channel, `${last.channel === 'sms' ? 'SMS' : 'email'} ${inert(last.code, 12)}`] as [
                  string,
                  string,
                ],
              ]
            : []),
          ...(inbox.backupCodes[0]
            ? [['backup', `backup ${inert(inbox.backupCodes[0], 20)}`] as [string, string]]
            : []),
        ]
      : [];
    parts.sort((a, b) => Number(b[0] === line.first) - Number(a[0] === line.first));
    // Whole parts only: a code cut at the edge would be a wrong code.
    let text = 'Demo inbox:';
    for (const [, part] of parts)
      if (text.length + part.length + 3 <= line.columns) text += text.endsWith(':') ? ` ${part}` : ` · ${part}`;
    return (
      <Text color={color('accent')} wrap="truncate-end">
        {inbox === null ? 'Demo inbox: …' : text}
      </Text>
    );
  }
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
