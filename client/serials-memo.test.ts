import { expect, it } from 'vitest';
import { serialsFromMemo } from './serials-memo.js';

it('reads the serials a user workflow keeps in its memo', () => {
  expect(serialsFromMemo({ serials: ['T1', 'T2'] })).toEqual(['T1', 'T2']);
  expect(serialsFromMemo({ serials: [] })).toEqual([]);
});

it('says null, so the caller asks the workflow, when an older run wrote no memo or another shape', () => {
  expect(serialsFromMemo(undefined)).toBeNull();
  expect(serialsFromMemo({})).toBeNull();
  expect(serialsFromMemo({ serials: 'T1' })).toBeNull();
  expect(serialsFromMemo({ serials: ['T1', 2] })).toBeNull();
});
