import { expect, it } from 'vitest';
import { SerialHints } from './serial-hints.js';

it('remembers the serials a user had, in order, and forgets a user with none', () => {
  const hints = new SerialHints();
  expect(hints.first('u1')).toBeUndefined();
  hints.add('u1', 'T2');
  hints.add('u1', 'T1');
  hints.add('u1', 'T2');
  expect(hints.first('u1')).toBe('T2');
  hints.set('u1', ['T1']);
  expect(hints.first('u1')).toBe('T1');
  hints.set('u1', []);
  expect(hints.first('u1')).toBeUndefined();
});

it('keeps at most its limit of users, dropping the one set longest ago', () => {
  const hints = new SerialHints(2);
  hints.set('u1', ['T1']);
  hints.set('u2', ['T2']);
  hints.set('u1', ['T1']); // set again: now the newest
  hints.set('u3', ['T3']);
  expect([hints.first('u1'), hints.first('u2'), hints.first('u3')]).toEqual(['T1', undefined, 'T3']);
});
