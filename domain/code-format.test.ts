import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { codeAlphabet, generateCode, isWellFormedCode } from './code-format.js';
import type { CodeFormat } from './types.js';

const base: CodeFormat = { length: 8, numeric: true, alphabetic: true, special: false, excludeLookAlikes: true };

const formats = fc
  .record({
    length: fc.integer({ min: 6, max: 16 }),
    numeric: fc.boolean(),
    alphabetic: fc.boolean(),
    special: fc.boolean(),
    excludeLookAlikes: fc.boolean(),
  })
  .filter((f) => f.numeric || f.alphabetic || f.special);

/** A randomInt driven by fast-check's values, so shrinking finds the smallest failing draw. */
const draws = fc.infiniteStream(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }));
const fromStream = (stream: Iterator<number>) => (max: number) => Math.floor(stream.next().value * max);

describe('codeAlphabet', () => {
  it('drops 0 O 1 l I when look-alikes are excluded', () => {
    const alphabet = codeAlphabet({ ...base, special: true });
    for (const c of '0O1lI') expect(alphabet.all).not.toContain(c);
    expect(alphabet.numeric).toBe('23456789');
    expect(alphabet.alphabetic).toHaveLength(49);
    expect(alphabet.all).toBe(alphabet.numeric + alphabet.alphabetic + alphabet.special);
  });

  it('keeps every character otherwise, and leaves disabled classes empty', () => {
    const alphabet = codeAlphabet({ ...base, excludeLookAlikes: false, alphabetic: false });
    expect(alphabet).toEqual({ numeric: '0123456789', alphabetic: '', special: '', all: '0123456789' });
  });
});

describe('generateCode', () => {
  it('is well formed for every format and every random draw', () => {
    fc.assert(
      fc.property(formats, draws, (format, stream) => {
        const code = generateCode(format, fromStream(stream));
        expect(isWellFormedCode(format, code)).toBe(true);
      }),
    );
  });

  it('asks randomInt only for valid bounds', () => {
    const bounds: number[] = [];
    generateCode({ ...base, special: true }, (max) => (bounds.push(max), max - 1));
    expect(bounds.every((b) => b >= 1)).toBe(true);
  });

  it('puts the guaranteed characters anywhere (shuffled), not always first', () => {
    const numericFirst = new Set<boolean>();
    for (let seed = 0; seed < 50; seed++) {
      let x = seed + 1;
      const lcg = (max: number) => ((x = (x * 1103515245 + 12345) % 2 ** 31), x % max);
      numericFirst.add(/^\d/.test(generateCode(base, lcg)));
    }
    expect(numericFirst).toEqual(new Set([true, false]));
  });

  it('refuses a format with no character class', () => {
    expect(() => generateCode({ ...base, numeric: false, alphabetic: false }, () => 0)).toThrow(/no character class/);
  });
});

describe('isWellFormedCode', () => {
  it.each([
    ['abcd2345', true],
    ['abcdefgh', false], // no digit
    ['23456789', false], // no letter
    ['abcd234', false], // too short
    ['abcd2340', false], // look-alike
    ['abcd234%', false], // special not enabled
  ])('%s → %s', (code, ok) => {
    expect(isWellFormedCode(base, code)).toBe(ok);
  });
});
