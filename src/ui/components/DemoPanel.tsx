import { Box, Text } from 'ink';
import type { DemoInbox } from '../../demo/inbox.js';
import { inert } from '../../text/sanitize.js';
import { useTheme } from '../hooks/use-theme.js';

export interface DemoPanelProps {
  /** The latest inbox, or null before the first answer. */
  inbox: DemoInbox | null;
}

/** The `--demo` helper: the current authenticator code, the last SMS/email code and a backup code. */
export function DemoPanel({ inbox }: DemoPanelProps) {
  const { color } = useTheme();
  const last = inbox?.messages.length ? inbox.messages[inbox.messages.length - 1]! : null;
  return (
    <Box flexDirection="column" alignSelf="flex-start" borderStyle="round" borderColor={color('warn')} paddingX={1} marginTop={1}>
      <Text bold>Demo inbox</Text>
      {inbox === null ? <Text>…</Text> : (
        <>
          <Text>Authenticator code: {inert(inbox.totpCode, 12)}</Text>
          <Text>
            {last ? `Last ${last.channel === 'sms' ? 'SMS' : 'email'} code: ${inert(last.code, 12)}` : 'No SMS or email sent yet'}
          </Text>
          {inbox.backupCodes[0] ? <Text>A backup code: {inert(inbox.backupCodes[0], 20)}</Text> : null}
        </>
      )}
    </Box>
  );
}
