import { describe, expect, it } from 'vitest';
import { duration, ProgressReporter } from './import-progress.js';

/** A reporter on a clock the test moves, writing into `out`. */
function reporter(json: boolean, tty = false) {
  let now = 1_000_000;
  const out: string[] = [];
  const stream = { write: (chunk: string) => out.push(chunk), ...(tty ? { isTTY: true, columns: 60 } : {}) };
  const progress = new ProgressReporter(stream, json, 'tokens', () => now);
  return { progress, out, tick: (ms: number) => void (now += ms) };
}

describe('import progress', () => {
  it('--json: a line at the start, at most one a second, and the last state at the end', () => {
    const { progress, out, tick } = reporter(true);
    progress.update(2, 102); // two rows skipped while parsing: done from the start, not counted in the rate
    for (let done = 3; done <= 52; done++) {
      tick(100);
      progress.update(done, 102);
    }
    progress.finish();
    const lines = out.map((line) => (JSON.parse(line) as { progress: Record<string, unknown> }).progress);
    expect(lines).toHaveLength(7); // 0 s, 1 s, 2 s, 3 s, 4 s, 5 s, then the finish
    expect(lines[0]).toEqual({ what: 'tokens', done: 2, total: 102, perSecond: 0, etaSeconds: null });
    expect(lines.at(-1)).toEqual({ what: 'tokens', done: 52, total: 102, perSecond: 10, etaSeconds: 5 });
  });

  it('not a terminal: text lines every five seconds', () => {
    const { progress, out, tick } = reporter(false);
    for (let done = 0; done <= 120; done++) {
      progress.update(done, 1000);
      tick(100);
    }
    progress.finish();
    expect(out).toEqual([
      'import: 0/1000 tokens, 0/s\n',
      'import: 50/1000 tokens, 10/s, ETA 1m35s\n',
      'import: 100/1000 tokens, 10/s, ETA 1m30s\n',
      'import: 120/1000 tokens, 9.9/s, ETA 1m29s\n',
    ]);
  });

  it('a terminal: the bar redrawn in place, cut to the width, a newline at the end', () => {
    const { progress, out, tick } = reporter(false, true);
    progress.update(0, 4);
    tick(1000);
    progress.update(1, 4);
    tick(1000);
    progress.update(4, 4);
    progress.finish();
    expect(out.at(-1)).toBe('\n');
    expect(out.slice(0, -1).every((frame) => frame.startsWith('\r') && frame.endsWith('\x1b[K'))).toBe(true);
    expect(out.at(-2)).toBe(`\r[${'█'.repeat(30)}] 100% 4/4 tokens, 2/s\x1b[K`);
    // 60 columns: the line is cut to 59 characters, so it never wraps.
    const quarter = `[${'█'.repeat(8)}${'░'.repeat(22)}] 25% 1/4 tokens, 1/s, ETA 3s`;
    expect(out[1]).toBe(`\r${quarter.slice(0, 59)}\x1b[K`);
  });

  it('durations as people read them', () => {
    expect([0, 59, 75, 3599, 3700, 90_000].map(duration)).toEqual(['0s', '59s', '1m15s', '59m59s', '1h01m', '25h00m']);
  });
});
