import { describe, expect, it } from 'vitest';
import { pinHashOf, sealedPasscodeOf } from '../client/outgoing-secrets.js';
import { generateWorkerKeyRing } from '../worker/codec/worker-key.js';
import { createPasscodeCheck } from './passcode-check.js';

describe('checkPin (the challenge flow’s first step, in the worker)', () => {
  const keys = generateWorkerKeyRing();
  const { checkPin } = createPasscodeCheck(keys);
  const sealed = (pin: string, to = keys.current.publicKey) => sealedPasscodeOf(pin, to);

  it('opens the sealed PIN and compares it with the token’s PIN hash', async () => {
    const pin = pinHashOf('4711');
    expect(await checkPin({ sealedPin: sealed('4711'), pin })).toBe(true);
    expect(await checkPin({ sealedPin: sealed('4712'), pin })).toBe(false);
  });

  it('takes only the empty PIN for a token without one', async () => {
    expect(await checkPin({ sealedPin: sealed(''), pin: null })).toBe(true);
    expect(await checkPin({ sealedPin: sealed('4711'), pin: null })).toBe(false);
  });

  it('answers false, never throws, for a box sealed to another key or not a box at all', async () => {
    const other = generateWorkerKeyRing();
    expect(await checkPin({ sealedPin: sealed('4711', other.current.publicKey), pin: pinHashOf('4711') })).toBe(false);
    expect(await checkPin({ sealedPin: 'eas1.not-a-box', pin: pinHashOf('4711') })).toBe(false);
  });
});
