// Just enough of a terminal to replay what ink writes (text, newlines, cursor moves, line erases),
// so a test can check where a frame lands on the screen, not only what the output contains.
export function replay(output: string, size: { columns: number; rows: number }): string[] {
  const lines: string[][] = Array.from({ length: size.rows }, () => []);
  let row = 0;
  let col = 0;
  const nextLine = (scrolls: boolean) => {
    col = 0;
    if (row < size.rows - 1) row++;
    else if (scrolls) {
      lines.shift();
      lines.push([]);
    }
  };
  for (const [token, params = '', command] of output.matchAll(/\x1b\[([?\d;]*)([A-Za-z])|[^\x1b]/gsu)) {
    const n = Number(params || 1);
    // A terminal's output processing turns \n into \r\n; at the bottom it scrolls the screen up.
    if (token === '\n') nextLine(true);
    else if (token === '\r') col = 0;
    else if (command === undefined) {
      if (col < size.columns) lines[row]![col++] = token;
    } else if (command === 'A') row = Math.max(0, row - n);
    else if (command === 'E') nextLine(false);
    else if (command === 'G') col = n - 1;
    else if (command === 'K') lines[row] = params === '2' ? [] : lines[row]!.slice(0, col);
    // Colours (m) and modes (h, l) change nothing on the screen.
  }
  return lines.map((line) =>
    Array.from(line, (c) => c ?? ' ')
      .join('')
      .trimEnd(),
  );
}
