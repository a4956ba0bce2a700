// Text from outside (names, actors, reasons, a caller's field names) on its way to a terminal:
// control characters become visible escapes, so no escape sequence retitles the terminal, wipes
// the screen or forges a line. For people only: --json keeps the text (JSON escapes it).

/** C0 (line breaks included), DEL, C1 and the bidirectional overrides that reorder what is shown. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escape(char: string): string {
  const code = char.charCodeAt(0);
  return NAMED[char] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16)}`);
}

export function printable(text: string): string {
  return text.replace(CONTROL, escape);
}

/** Every string in `value` (arrays and plain objects, keys included) made printable; the rest as it is. */
export function printableDeep<T>(value: T): T {
  if (typeof value === 'string') return printable(value) as T;
  if (Array.isArray(value)) return value.map(printableDeep) as T;
  if (value !== null && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [printable(k), printableDeep(v)])) as T;
  return value;
}
