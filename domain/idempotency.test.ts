import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDuplicateRequest, rememberRequest, REQUEST_MEMORY_MS } from './idempotency.js';
import { newToken, T0 } from './test-fixtures.js';

describe('request ids', () => {
  it('a remembered id is a duplicate for 7 days, then forgotten', () => {
    const state = rememberRequest(newToken(), 'ticket-1', T0);
    expect(isDuplicateRequest(state, 'ticket-1', T0)).toBe(true);
    expect(isDuplicateRequest(state, 'ticket-1', T0 + REQUEST_MEMORY_MS)).toBe(true);
    expect(isDuplicateRequest(state, 'ticket-1', T0 + REQUEST_MEMORY_MS + 1)).toBe(false);
    expect(isDuplicateRequest(state, 'ticket-2', T0)).toBe(false);
  });

  it('prunes ids older than 7 days when remembering another', () => {
    const old = rememberRequest(newToken(), 'old', T0);
    const state = rememberRequest(old, 'new', T0 + REQUEST_MEMORY_MS + 1);
    expect(Object.keys(state.seenRequests)).toEqual(['new']);
  });

  it('treats ids that are Object.prototype names as plain ids', () => {
    const fresh = newToken();
    for (const id of ['__proto__', 'toString', 'constructor', 'hasOwnProperty']) {
      expect(isDuplicateRequest(fresh, id, T0)).toBe(false);
      const state = rememberRequest(fresh, id, T0);
      expect(isDuplicateRequest(state, id, T0)).toBe(true);
      expect(isDuplicateRequest(JSON.parse(JSON.stringify(state)), id, T0)).toBe(true);
    }
  });

  it('remembers every id of a burst and nothing else', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.string({ minLength: 1 }), { maxLength: 30 }),
        fc.string({ minLength: 1 }),
        (ids, other) => {
          const state = ids.reduce((s, id, i) => rememberRequest(s, id, T0 + i), newToken());
          expect(ids.every((id) => isDuplicateRequest(state, id, T0 + ids.length))).toBe(true);
          expect(isDuplicateRequest(state, other, T0)).toBe(ids.includes(other));
        },
      ),
    );
  });
});
