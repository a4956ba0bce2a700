// A cursor over a long list and the slice of it that fits on screen. Lists render only
// `items.slice(top, top + height)`, which keeps 10,000 rows as cheap as 20.
import type { Key } from 'ink';

export interface ScrollWindow {
  cursor: number;
  top: number;
  height: number;
}

export type ScrollCommand =
  { type: 'by'; delta: number } | { type: 'page'; pages: number } | { type: 'start' } | { type: 'end' };

export const initialWindow: ScrollWindow = { cursor: 0, top: 0, height: 1 };

/** Places the cursor (clamped to the list) and scrolls just enough to keep it visible. */
export function scrollTo(window: ScrollWindow, index: number, length: number): ScrollWindow {
  const height = Math.max(1, window.height);
  const cursor = length === 0 ? 0 : Math.min(Math.max(index, 0), length - 1);
  let top = Math.min(window.top, cursor);
  if (cursor >= top + height) top = cursor - height + 1;
  top = Math.max(0, Math.min(top, length - height));
  return cursor === window.cursor && top === window.top && height === window.height ? window : { cursor, top, height };
}

/** The window for a new height or length; the same object when nothing moves, so a reducer can bail out. */
export function resizeWindow(window: ScrollWindow, height: number, length: number): ScrollWindow {
  const fitted = Math.max(1, height);
  return scrollTo(fitted === window.height ? window : { ...window, height: fitted }, window.cursor, length);
}

export function applyScroll(window: ScrollWindow, command: ScrollCommand, length: number): ScrollWindow {
  switch (command.type) {
    case 'by':
      return scrollTo(window, window.cursor + command.delta, length);
    case 'page':
      return scrollTo(window, window.cursor + command.pages * Math.max(1, window.height - 1), length);
    case 'start':
      return scrollTo(window, 0, length);
    case 'end':
      return scrollTo(window, length - 1, length);
  }
}

/** The list keys every screen shares: arrows and j/k, PgUp/PgDn, Home/End and g/G. */
export function scrollCommandOf(input: string, key: Key): ScrollCommand | null {
  if (key.upArrow || input === 'k') return { type: 'by', delta: -1 };
  if (key.downArrow || input === 'j') return { type: 'by', delta: 1 };
  if (key.pageUp) return { type: 'page', pages: -1 };
  if (key.pageDown || input === ' ') return { type: 'page', pages: 1 };
  if (key.home || input === 'g') return { type: 'start' };
  if (key.end || input === 'G') return { type: 'end' };
  return null;
}

export function visibleSlice<T>(items: readonly T[], window: ScrollWindow): T[] {
  return items.slice(window.top, window.top + window.height);
}
