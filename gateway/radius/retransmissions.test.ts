import { describe, expect, it } from 'vitest';
import { RetransmissionCache } from './retransmissions.js';

describe('RetransmissionCache', () => {
  const key = RetransmissionCache.key('10.0.0.1', 40000, 7, Buffer.alloc(16, 1));

  it('says new once, in progress while deciding, then hands back the answer', () => {
    const cache = new RetransmissionCache(() => 0);
    expect(cache.begin(key)).toEqual({ kind: 'new' });
    expect(cache.begin(key)).toEqual({ kind: 'in-progress' });
    cache.finish(key, Buffer.from('answer'));
    expect(cache.begin(key)).toEqual({ kind: 'answered', answer: Buffer.from('answer') });
  });

  it('tells apart another port, identifier or authenticator', () => {
    const cache = new RetransmissionCache(() => 0);
    cache.begin(key);
    for (const other of [
      RetransmissionCache.key('10.0.0.1', 40001, 7, Buffer.alloc(16, 1)),
      RetransmissionCache.key('10.0.0.1', 40000, 8, Buffer.alloc(16, 1)),
      RetransmissionCache.key('10.0.0.1', 40000, 7, Buffer.alloc(16, 2)),
      RetransmissionCache.key('10.0.0.2', 40000, 7, Buffer.alloc(16, 1)),
    ])
      expect(cache.begin(other)).toEqual({ kind: 'new' });
  });

  it('forgets a drop at once, and an answer after the window', () => {
    let now = 0;
    const cache = new RetransmissionCache(() => now, 1_000);
    cache.begin(key);
    cache.finish(key, null);
    expect(cache.begin(key)).toEqual({ kind: 'new' });
    cache.finish(key, Buffer.from('answer'));
    now = 1_000;
    expect(cache.begin(key)).toEqual({ kind: 'new' });
  });
});
