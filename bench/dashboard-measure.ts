// For the benchmark suite: how long the dashboard takes to show a list of `tokens` tokens, and to
// answer a keystroke on it. Rendered in memory (no terminal), unthrottled, so the numbers are
// React and layout work, not the 30 fps cap.
import { performance } from 'node:perf_hooks';
import type { EaService } from '../client/ea-service.js';
import { tokenCountLabel } from '../tui/components/TokenListScreen.js';
import { dashboard, mount, type Rendered } from '../tui/testing/render.js';

export interface DashboardTimings {
  /** From mounting to the frame listing every token. */
  firstRenderMs: number;
  /** Mean time from a cursor keystroke to the frame that shows it. */
  perKeystrokeMs: number;
  keystrokes: number;
}

function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

async function until(ui: Rendered, done: (frame: string) => boolean, what: string): Promise<void> {
  const deadline = performance.now() + 60_000;
  while (!done(ui.frame())) {
    if (performance.now() > deadline) throw new Error(`the dashboard never showed ${what}; last frame:\n${ui.frame()}`);
    await nextTurn();
  }
}

export async function measureDashboard(
  service: EaService,
  options: { tokens: number; keystrokes?: number },
): Promise<DashboardTimings> {
  const keystrokes = options.keystrokes ?? 50;
  if (options.tokens < 2) throw new Error('measuring keystrokes needs at least two tokens to move between');
  const loaded = tokenCountLabel(options.tokens, options.tokens);
  const started = performance.now();
  const ui = mount(dashboard(service));
  try {
    await until(ui, (frame) => frame.includes(loaded), loaded);
    const firstRenderMs = performance.now() - started;
    let total = 0;
    let position = 0;
    let step = 1;
    for (let i = 0; i < keystrokes; i++) {
      // Down, and back up from the end of the list: every key moves the cursor.
      if (position + step < 0 || position + step >= options.tokens) step = -step;
      position += step;
      const before = ui.frame();
      const sent = performance.now();
      ui.write(step > 0 ? 'j' : 'k');
      await until(ui, (frame) => frame !== before, `the cursor move of keystroke ${i + 1}`);
      total += performance.now() - sent;
    }
    return { firstRenderMs, perKeystrokeMs: total / keystrokes, keystrokes };
  } finally {
    ui.unmount();
  }
}
