// Keys that edit a line of text: shared by search, forms and the policy editor.
import type { Key } from 'ink';

export type TextEdit = { type: 'type'; text: string } | { type: 'backspace' } | null;

/** Printable input (a paste arrives as one string) or backspace; null for anything else. */
export function textEditOf(input: string, key: Key): TextEdit {
  // Terminals send DEL (0x7f) for Backspace, which Ink reports as `delete`.
  if (key.backspace || key.delete) return { type: 'backspace' };
  if (key.ctrl || key.meta || input === '') return null;
  const text = input.replace(/[\u0000-\u001f\u007f]/g, '');
  return text === '' ? null : { type: 'type', text };
}
