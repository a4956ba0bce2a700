import { expect, it } from 'vitest';
import { fitsOneGsm7Segment, gsm7Length } from './gsm7.js';

it('counts extension characters twice and refuses characters outside GSM-7', () => {
  expect(gsm7Length('Code: 12ab-€')).toBe(13);
  expect(gsm7Length('{x}')).toBe(5);
  expect(gsm7Length('naïve ✓')).toBeNull();
});

it('fits 160 septets in one segment, not 161', () => {
  expect(fitsOneGsm7Segment('a'.repeat(160))).toBe(true);
  expect(fitsOneGsm7Segment('a'.repeat(161))).toBe(false);
  expect(fitsOneGsm7Segment(`${'a'.repeat(159)}^`)).toBe(false);
  expect(fitsOneGsm7Segment('short, but with an emoji 🙂')).toBe(false);
});
