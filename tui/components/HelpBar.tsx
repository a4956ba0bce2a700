// The bottom line: the keys of the screen on show, then the keys that work everywhere. When they
// do not all fit, the screen's last hints give way: `? help` and `q quit` always show.
import { Box, Text } from 'ink';
import type { KeyHint } from '../hooks/use-keys.js';

const SEPARATOR = ' · ';
const widthOf = (hints: readonly KeyHint[]) =>
  hints.reduce((sum, h, i) => sum + (i > 0 ? SEPARATOR.length : 0) + h.keys.length + 1 + h.does.length, 0);

export function fitHints(screen: readonly KeyHint[], global: readonly KeyHint[], width: number): KeyHint[] {
  for (let n = screen.length; n > 0; n--) {
    const hints = [...screen.slice(0, n), ...global];
    if (widthOf(hints) <= width) return hints;
  }
  return [...global];
}

export function HelpBar({
  screen,
  global,
  width,
}: {
  screen: readonly KeyHint[];
  global: readonly KeyHint[];
  width: number;
}) {
  const hints = fitHints(screen, global, width);
  return (
    <Box height={1}>
      <Text wrap="truncate">
        {hints.map((hint, i) => (
          <Text key={`${hint.keys}-${hint.does}`}>
            {i > 0 ? <Text dimColor>{SEPARATOR}</Text> : null}
            <Text bold>{hint.keys}</Text>
            <Text dimColor> {hint.does}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
