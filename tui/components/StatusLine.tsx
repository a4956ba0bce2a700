// One line for the result of the last action or the last failure; never more, so a long error
// cannot push the help bar off screen.
import { Box, Text } from 'ink';
import type { StatusMessage } from '../state/app.js';

export function StatusLine({ status }: { status: StatusMessage | null }) {
  return (
    <Box height={1}>
      {status ? (
        <Text wrap="truncate" color={status.tone === 'error' ? 'red' : 'green'}>
          {status.tone === 'error' ? '✗ ' : '✓ '}
          {status.text}
        </Text>
      ) : (
        <Text> </Text>
      )}
    </Box>
  );
}
