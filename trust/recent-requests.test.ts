import { describe, expect, it } from 'vitest';
import { RecentRequests, REPLAY_WINDOW_MS } from './recent-requests.js';

describe('RecentRequests', () => {
  it('sees a request id again within the window, not after it', () => {
    const recent = new RecentRequests();
    expect(recent.seenBefore('r1', 0)).toBe(false);
    expect(recent.seenBefore('r1', REPLAY_WINDOW_MS)).toBe(true);
    expect(recent.seenBefore('r1', 2 * REPLAY_WINDOW_MS + 1)).toBe(false);
  });

  it('forgets ids older than the window, so the memory stays bounded', () => {
    const recent = new RecentRequests();
    for (let i = 0; i < 100; i++) recent.seenBefore(`r${i}`, i * 60_000);
    expect(Object.keys(recent.snapshot()).length).toBeLessThanOrEqual(REPLAY_WINDOW_MS / 60_000 + 1);
  });

  it('carries its memory across continue-as-new, ids like __proto__ included', () => {
    const recent = new RecentRequests();
    recent.seenBefore('__proto__', 1000);
    recent.seenBefore('toString', 1000);
    const carried = new RecentRequests(JSON.parse(JSON.stringify(recent.snapshot())));
    expect(carried.seenBefore('__proto__', 2000)).toBe(true);
    expect(carried.seenBefore('toString', 2000)).toBe(true);
    expect(carried.seenBefore('constructor', 2000)).toBe(false);
  });
});
