import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { applyScroll, initialWindow, resizeWindow, scrollCommandOf, scrollTo, visibleSlice } from './scroll-window.js';

const win = resizeWindow(initialWindow, 5, 100);
const noKey = {} as Key;

describe('scroll window', () => {
  it('scrolls only when the cursor leaves the visible slice', () => {
    expect(scrollTo(win, 4, 100)).toMatchObject({ cursor: 4, top: 0 });
    expect(scrollTo(win, 5, 100)).toMatchObject({ cursor: 5, top: 1 });
    const down = scrollTo(win, 50, 100);
    expect(scrollTo(down, 47, 100)).toMatchObject({ cursor: 47, top: 46 });
  });

  it('clamps to the list and never shows space past its end', () => {
    expect(scrollTo(win, 500, 100)).toMatchObject({ cursor: 99, top: 95 });
    expect(scrollTo(win, -3, 100)).toMatchObject({ cursor: 0, top: 0 });
    expect(scrollTo(win, 3, 0)).toMatchObject({ cursor: 0, top: 0 });
    const atEnd = scrollTo(win, 99, 100);
    expect(resizeWindow(atEnd, 10, 100)).toMatchObject({ cursor: 99, top: 90, height: 10 });
  });

  it('returns the same window when a resize moves nothing, so a reducer can bail out', () => {
    expect(resizeWindow(win, 5, 100)).toBe(win);
    expect(resizeWindow(win, 5, 200)).toBe(win);
    expect(resizeWindow(win, 0, 100)).not.toBe(win); // the height changed
    expect(resizeWindow(scrollTo(win, 99, 100), 5, 50)).toMatchObject({ cursor: 49, top: 45, height: 5 });
  });

  it('pages by a screen less one line, so one row stays for context', () => {
    expect(applyScroll(win, { type: 'page', pages: 1 }, 100)).toMatchObject({ cursor: 4 });
    expect(applyScroll(win, { type: 'end' }, 100)).toMatchObject({ cursor: 99, top: 95 });
  });

  it('maps the shared list keys', () => {
    expect(scrollCommandOf('j', noKey)).toEqual({ type: 'by', delta: 1 });
    expect(scrollCommandOf('', { ...noKey, upArrow: true })).toEqual({ type: 'by', delta: -1 });
    expect(scrollCommandOf('G', noKey)).toEqual({ type: 'end' });
    expect(scrollCommandOf('x', noKey)).toBeNull();
  });

  it('slices the visible rows', () => {
    const items = Array.from({ length: 100 }, (_, i) => i);
    expect(visibleSlice(items, scrollTo(win, 10, 100))).toEqual([6, 7, 8, 9, 10]);
  });
});
