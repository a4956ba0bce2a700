// Fixed-width cells: a row is one line whatever the data, so the frame height stays predictable.
export function fit(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text.padEnd(width);
  return width === 1 ? '…' : `${text.slice(0, width - 1)}…`;
}
