import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  control,
  isFinished,
  KEPT_FAILURES,
  recordPage,
  startIncident,
  wantsPage,
  type Control,
  type IncidentProgress,
  type PageOutcome,
} from './incident.js';

const page = (done: number, failed: number, next: string | null): PageOutcome => ({
  done,
  failed,
  failures: Array.from({ length: failed }, (_, i) => ({ serial: `F${i}`, reason: 'token not found' })),
  next,
});

const after = (p: IncidentProgress, action: Control) => {
  const outcome = control(p, action);
  if (!outcome.ok) throw new Error(outcome.message);
  return outcome.progress;
};

describe('an incident', () => {
  it('runs page by page and completes when the selection is exhausted', () => {
    let p = startIncident(5);
    p = recordPage(p, page(2, 1, 'c1'));
    expect(p).toMatchObject({ state: 'running', total: 5, done: 2, failed: 1, cursor: 'c1' });
    p = recordPage(p, page(2, 0, null));
    expect(p).toMatchObject({ state: 'completed', total: 5, done: 4, failed: 1 });
    expect(isFinished(p)).toBe(true);
  });

  it('pauses, resumes and cancels; nothing changes a finished one', () => {
    const paused = after(startIncident(3), 'pause');
    expect(wantsPage(paused)).toBe(false);
    const resumed = after(paused, 'resume');
    expect(wantsPage(resumed)).toBe(true);
    const cancelled = after(resumed, 'cancel');
    expect(cancelled.state).toBe('cancelled');
    for (const action of ['pause', 'resume', 'cancel'] as const) {
      expect(control(cancelled, action).ok).toBe(false);
    }
    const completed = recordPage(startIncident(0), page(0, 0, null));
    expect(control(completed, 'cancel').ok).toBe(false);
  });

  it('counts a page that ends while paused, without completing', () => {
    const p = recordPage(after(startIncident(2), 'pause'), page(2, 0, null));
    expect(p).toMatchObject({ state: 'paused', done: 2 });
  });

  it('keeps its counters true and its record small, whatever the pages and controls (property)', () => {
    const step = fc.oneof(
      fc.record({ done: fc.nat(300), failed: fc.nat(300), last: fc.boolean() }),
      fc.constantFrom<Control>('pause', 'resume', 'cancel'),
    );
    fc.assert(
      fc.property(fc.nat(10_000), fc.array(step, { maxLength: 40 }), (total, steps) => {
        let p = startIncident(total);
        let done = 0;
        let failed = 0;
        for (const s of steps) {
          if (isFinished(p)) break;
          if (typeof s === 'string') {
            const outcome = control(p, s);
            expect(outcome.ok).toBe(true);
            if (outcome.ok) p = outcome.progress;
            continue;
          }
          done += s.done;
          failed += s.failed;
          p = recordPage(p, page(s.done, s.failed, s.last ? null : 'next'));
        }
        expect(p.done).toBe(done);
        expect(p.failed).toBe(failed);
        expect(p.total).toBeGreaterThanOrEqual(p.done + p.failed);
        expect(p.failures.length).toBeLessThanOrEqual(KEPT_FAILURES);
        if (p.state === 'completed') expect(p.total).toBe(done + failed);
      }),
    );
  });
});
