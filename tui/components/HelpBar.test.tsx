import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, renderInk } from '../testing/render.js';
import { fitHints, HelpBar } from './HelpBar.js';

afterEach(cleanup);

const screen = [
  { keys: 'j/k', does: 'move' },
  { keys: 'Enter', does: 'open' },
  { keys: '/', does: 'search' },
];
const global = [
  { keys: '?', does: 'help' },
  { keys: 'q', does: 'quit' },
];

describe('help bar', () => {
  it('shows every hint when they fit', async () => {
    const ui = await renderInk(<HelpBar screen={screen} global={global} width={100} />);
    expect(ui.frame()).toBe('j/k move · Enter open · / search · ? help · q quit');
  });

  it('drops the screen’s last hints first, never help and quit', () => {
    expect(fitHints(screen, global, 30).map((h) => h.keys)).toEqual(['j/k', '?', 'q']);
    expect(fitHints(screen, global, 5).map((h) => h.keys)).toEqual(['?', 'q']);
  });
});
