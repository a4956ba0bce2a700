// Plain-text layout for human output: aligned label/value lists and column tables.

/** `label   value` lines; rows whose value is null are left out. */
export function labelled(rows: [label: string, value: string | null][]): string {
  const shown = rows.filter((row): row is [string, string] => row[1] !== null);
  const width = Math.max(0, ...shown.map(([label]) => label.length));
  return shown.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`).join('\n');
}

/** A header and rows, columns padded to their widest cell; the last column is not padded. */
export function columns(header: string[], rows: string[][]): string {
  const all = [header, ...rows];
  const widths = header.map((_, i) => Math.max(...all.map((row) => (row[i] ?? '').length)));
  return all
    .map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  '))
    .join('\n');
}
