import { describe, expect, it } from 'vitest';
import { groupCode } from './code-groups.js';

describe('groupCode', () => {
  it('groups by four, or by three when that splits evenly', () => {
    expect(groupCode('ABCDEFGH')).toBe('ABCD-EFGH');
    expect(groupCode('ABC123')).toBe('ABC-123');
    expect(groupCode('ABCDEFGHJK')).toBe('ABCD-EFGH-JK');
  });

  it('uses spaces when the code itself contains a dash', () => {
    expect(groupCode('AB-DEFGH')).toBe('AB-D EFGH');
  });
});
