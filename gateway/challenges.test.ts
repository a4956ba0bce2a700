import { describe, expect, it } from 'vitest';
import { ChallengeTable } from './challenges.js';

describe('ChallengeTable', () => {
  it('hands out a State good once, for its user, until it expires', () => {
    let now = 1_000;
    const table = new ChallengeTable(() => now);
    const state = table.add({ user: 'ann', pin: '4711', expiresAtMs: 2_000 });
    expect(table.take(state, 'ann')).toEqual({ user: 'ann', pin: '4711', expiresAtMs: 2_000 });
    expect(table.take(state, 'ann')).toBeNull();
    const other = table.add({ user: 'ann', pin: '4711', expiresAtMs: 2_000 });
    expect(table.take(other, 'bob')).toBeNull();
    expect(table.take(other, 'ann')).toBeNull(); // a wrong user used it up
    const late = table.add({ user: 'ann', pin: '4711', expiresAtMs: 2_000 });
    now = 2_000;
    expect(table.take(late, 'ann')).toBeNull();
  });
});
