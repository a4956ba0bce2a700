// Emergency codes, shown once to be read out over the phone: big, grouped, numbered, laid out in
// as many columns as fit. If they still do not fit, the box scrolls; no code is ever cut off.
import { Box, Text } from 'ink';
import { visibleSlice, type ScrollWindow } from '../state/scroll-window.js';
import { groupCode } from '../utils/code-groups.js';

/** Lines of the box that are not codes: two borders, three lines of text and two blank lines. */
export const CODES_BOX_CHROME = 7;

/** Codes laid out in rows of columns; returned so the screen can scroll over the rows. */
export function codeRows(codes: readonly string[], width: number, height: number): string[] {
  if (codes.length === 0) return [];
  const cells = codes.map((code, i) => `${String(i + 1).padStart(2)}  ${groupCode(code)}`);
  const cellWidth = Math.max(...cells.map((c) => c.length)) + 4;
  const fitAcross = Math.max(1, Math.floor((width - 6) / cellWidth));
  const across = Math.min(fitAcross, Math.ceil(cells.length / Math.max(1, height - CODES_BOX_CHROME)));
  const down = Math.ceil(cells.length / across);
  const rows: string[] = [];
  for (let r = 0; r < down; r++) {
    // Numbered down the columns, as people read a list.
    rows.push(
      Array.from({ length: across }, (_, c) => (cells[c * down + r] ?? '').padEnd(cellWidth))
        .join('')
        .trimEnd(),
    );
  }
  return rows;
}

export function CodesBox({
  rows,
  window,
  total,
  message,
}: {
  rows: readonly string[];
  window: ScrollWindow;
  total: number;
  message: string;
}) {
  const more = rows.length > window.height;
  return (
    <Box flexDirection="column" borderStyle="double" borderColor="yellow" paddingX={2}>
      <Text bold color="yellow" wrap="truncate">
        {`Read ${total === 1 ? 'this code' : `these ${total} codes`} to the user now: ${total === 1 ? 'it is' : 'they are'} shown only once.`}
      </Text>
      <Text> </Text>
      {visibleSlice(rows, window).map((row, i) => (
        <Text key={window.top + i} bold wrap="truncate">
          {row}
        </Text>
      ))}
      <Text> </Text>
      <Text wrap="truncate">{message}</Text>
      <Text dimColor wrap="truncate">
        {more ? `rows ${window.top + 1}–${window.top + window.height} of ${rows.length}, ↑↓ for more · ` : ''}Dashes
        only group the characters. Enter when read out.
      </Text>
    </Box>
  );
}
