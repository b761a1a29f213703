import { Box, Text } from 'ink';
import { remainingAfterUnknown } from '../../flow/messages.js';
import { failureHeadline } from '../../flow/labels.js';
import { Message } from '../components/Message.js';

export interface FailedScreenProps {
  title: string;
  hint: string;
  /** A regenerate request may have replaced the codes without an answer. */
  outcomeUnknown: boolean;
  /** After an unknown outcome: the count the account reports now, if known. */
  backupCodesRemaining: number | null;
  /** It failed while the account was being checked, before anything was attempted. @default false */
  whileChecking?: boolean;
}

/** Final frame of a failure (exit 1): what happened, honestly, and the next step. */
export function FailedScreen({
  title,
  hint,
  outcomeUnknown,
  backupCodesRemaining,
  whileChecking = false,
}: FailedScreenProps) {
  const headline = failureHeadline(outcomeUnknown, whileChecking);
  return (
    <Box flexDirection="column">
      <Message tone="error" bold>
        {headline}
      </Message>
      <Text>{title}</Text>
      {outcomeUnknown && backupCodesRemaining !== null ? (
        <Text>{remainingAfterUnknown(backupCodesRemaining)}</Text>
      ) : null}
      {outcomeUnknown ? (
        <Text>Your old backup codes may no longer work, and the new ones were never received.</Text>
      ) : null}
      <Box marginTop={1}>
        <Text>Next: {hint}</Text>
      </Box>
    </Box>
  );
}
