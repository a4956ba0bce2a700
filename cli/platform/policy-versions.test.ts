import { expect, it } from 'vitest';
import { policyVersionsMessage } from './policy-versions.js';

it('fails the check when tokens are behind and no broadcast runs, naming a few', () => {
  const found = { version: 4, behind: 7, serials: ['A1', 'A2'], broadcasting: false };
  expect(() => policyVersionsMessage(found)).toThrow('7 running token(s) on a policy older than version 4 (A1, A2, …)');
  expect(policyVersionsMessage({ ...found, broadcasting: true })).toMatch(/the broadcast is telling them now$/);
  expect(policyVersionsMessage({ ...found, behind: 0, serials: [] })).toBe('every running token has policy version 4');
  expect(policyVersionsMessage(null)).toMatch(/never changed/);
});
