import { describe, expect, it } from 'vitest';
import { CHALLENGE_LIFETIME_MS, ChallengeTable } from './challenges.js';

describe('ChallengeTable', () => {
  it('hands out a State good once, for its user, for the challenge lifetime', () => {
    let now = 1_000;
    const table = new ChallengeTable(() => now);
    const state = table.add({ user: 'ann', pin: '4711' }, 'vpn-1');
    expect(state).toMatch(/^[0-9a-f]{32}$/);
    expect(table.take(state, 'ann')).toEqual({ user: 'ann', pin: '4711' });
    expect(table.take(state, 'ann')).toBeNull();
    const other = table.add({ user: 'ann', pin: '4711' }, 'vpn-1');
    expect(table.take(other, 'bob')).toBeNull();
    expect(table.take(other, 'ann')).toBeNull(); // a wrong user used it up
    const late = table.add({ user: 'ann', pin: '4711' }, 'vpn-1');
    now += CHALLENGE_LIFETIME_MS;
    expect(table.take(late, 'ann')).toBeNull();
  });

  it('bounds the open challenges per client: a client that opens too many evicts its own oldest', () => {
    const table = new ChallengeTable(Date.now, { total: 4, perClient: 2 });
    const wifi = table.add({ user: 'ann', pin: '4711' }, 'wifi');
    const [first, second, third] = ['a', 'b', 'c'].map((user) => table.add({ user, pin: '0000' }, 'noisy'));
    expect(table.take(first!, 'a')).toBeNull();
    expect(table.take(second!, 'b')).toEqual({ user: 'b', pin: '0000' });
    expect(table.take(third!, 'c')).toEqual({ user: 'c', pin: '0000' });
    expect(table.take(wifi, 'ann')).toEqual({ user: 'ann', pin: '4711' });
  });

  it('bounds the open challenges in all, the oldest going first', () => {
    const table = new ChallengeTable(Date.now, { total: 2, perClient: 2 });
    const states = ['a', 'b', 'c'].map((client) => table.add({ user: 'ann', pin: '4711' }, client));
    expect(states.map((state) => table.take(state, 'ann') !== null)).toEqual([false, true, true]);
  });
});
