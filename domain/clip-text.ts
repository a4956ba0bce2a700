// Text from outside is kept within a length: whatever a caller sends, what is stored stays bounded.

/** `text` if it has at most `max` characters, else its start, an ellipsis and the length it had. */
export function clipText(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${text.length} characters)`;
}
