// `?`: every key of the current screen and the global ones, in place of the screen's body.
import { Box, Text } from 'ink';
import type { KeyHint } from '../hooks/use-keys.js';

function Section({ title, hints }: { title: string; hints: readonly KeyHint[] }) {
  const width = Math.max(...hints.map((h) => h.keys.length), 4) + 2;
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text bold underline>
        {title}
      </Text>
      {hints.map((hint) => (
        <Text key={`${hint.keys}-${hint.does}`} wrap="truncate">
          <Text bold>{hint.keys.padEnd(width)}</Text>
          {hint.does}
        </Text>
      ))}
    </Box>
  );
}

export function HelpOverlay({
  screenHints,
  globalHints,
  height,
}: {
  screenHints: readonly KeyHint[];
  globalHints: readonly KeyHint[];
  height: number;
}) {
  return (
    <Box flexDirection="column" height={height} overflow="hidden" borderStyle="round" borderColor="cyan" paddingX={1}>
      <Text bold color="cyan">
        Keys (? or Esc closes)
      </Text>
      <Section title="This screen" hints={screenHints} />
      <Section title="Everywhere" hints={globalHints} />
    </Box>
  );
}
