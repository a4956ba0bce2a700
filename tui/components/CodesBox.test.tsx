import { afterEach, describe, expect, it } from 'vitest';
import { initialWindow, resizeWindow } from '../state/scroll-window.js';
import { cleanup, renderInk } from '../testing/render.js';
import { codeRows, CodesBox, CODES_BOX_CHROME } from './CodesBox.js';

afterEach(cleanup);

const codes = (n: number, length = 8) =>
  Array.from({ length: n }, (_, i) => `C${String(i + 1).padStart(length - 1, '0')}`);

describe('codes box', () => {
  it('shows one code big and grouped', async () => {
    const rows = codeRows(['ABCDEFGH'], 100, 20);
    const ui = await renderInk(
      <CodesBox
        rows={rows}
        window={resizeWindow(initialWindow, 20 - CODES_BOX_CHROME, rows.length)}
        total={1}
        message="T1: temporary-fixed EA"
      />,
    );
    expect(ui.frame()).toContain('Read this code to the user now: it is shown only once.');
    expect(ui.frame()).toContain(' 1  ABCD-EFGH');
    expect(ui.frame()).not.toContain('↑↓ for more');
  });

  it('lays a set out in columns, numbered down each column, to fit the height', () => {
    const rows = codeRows(codes(50), 100, 26);
    expect(rows.length).toBeLessThanOrEqual(26 - CODES_BOX_CHROME);
    expect(rows.join('\n').match(/\b\d{1,2} {2}\S{4}-\S{4}/g)).toHaveLength(50);
    expect(rows[0]).toMatch(/^ 1 {2}C000-0001\s+18 {2}C000-0018\s+35 {2}C000-0035$/);
  });

  it('scrolls when even columns cannot fit every code, and says so', async () => {
    const rows = codeRows(codes(50, 16), 40, 12);
    expect(rows).toHaveLength(50);
    const window = resizeWindow(initialWindow, 12 - CODES_BOX_CHROME, rows.length);
    const ui = await renderInk(<CodesBox rows={rows} window={window} total={50} message="" />);
    expect(ui.frame()).toContain('rows 1–5 of 50, ↑↓ for more');
  });
});
