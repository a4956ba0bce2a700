// Per-keystroke time of the keys that re-filter the whole list: typing and erasing a search, and
// cycling the state filter (dashboard-measure.ts measures scrolling). Each key is timed from the write
// to the frame that shows it.
import { performance } from 'node:perf_hooks';
import type { EaService } from '../client/ea-service.js';
import { tokenCountLabel } from '../tui/components/TokenListScreen.js';
import { dashboard, KEYS, mount, type Rendered } from '../tui/testing/render.js';
import { latency, type Latency } from './stats.js';

const SEARCH = 'T0123';
// Type a serial, erase it, leave the search, then step through five state filters.
const KEYSTROKES = ['/', ...SEARCH, ...Array.from(SEARCH, () => KEYS.backspace), KEYS.enter, 'f', 'f', 'f', 'f', 'f'];

async function until(ui: Rendered, done: (frame: string) => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (!done(ui.frame())) {
    if (performance.now() > deadline) throw new Error(`the dashboard never showed ${what}; last frame:\n${ui.frame()}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

export async function measureSearchKeys(service: EaService, tokens: number): Promise<Latency> {
  const ui = mount(dashboard(service));
  try {
    await until(ui, (frame) => frame.includes(tokenCountLabel(tokens, tokens)), 'the full list');
    const samples: number[] = [];
    for (const key of KEYSTROKES) {
      const before = ui.frame();
      const sent = performance.now();
      ui.write(key);
      await until(ui, (frame) => frame !== before, `the effect of key ${JSON.stringify(key)}`);
      samples.push(performance.now() - sent);
    }
    return latency(samples);
  } finally {
    ui.unmount();
  }
}
