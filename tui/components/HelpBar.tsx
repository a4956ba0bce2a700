// The bottom line: the keys of the screen on show, then the keys that work everywhere.
import { Box, Text } from 'ink';
import type { KeyHint } from '../hooks/use-keys.js';

export function HelpBar({ hints }: { hints: readonly KeyHint[] }) {
  return (
    <Box height={1}>
      <Text wrap="truncate">
        {hints.map((hint, i) => (
          <Text key={`${hint.keys}-${hint.does}`}>
            {i > 0 ? <Text dimColor> · </Text> : null}
            <Text bold>{hint.keys}</Text>
            <Text dimColor> {hint.does}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
