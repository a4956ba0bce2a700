import { describe, expect, it } from 'vitest';
import { generateKey, publicKeyText } from '../client/keys.js';
import { generateWorkerKeyRing } from '../worker/codec/worker-key.js';

const generateWorkerKey = () => generateWorkerKeyRing().current;
import { open, principalOpenKey, principalSealKey, seal, SealError } from './sealed-box.js';

describe('sealed boxes', () => {
  it('open only with the recipient key and only for the purpose sealed', () => {
    const worker = generateWorkerKey();
    const box = seal(worker.publicKey, 'seed', 'JBSWY3DPEHPK3PXP');
    expect(box).toMatch(/^eas1\.[A-Za-z0-9_-]+$/);
    expect(box).not.toContain('JBSWY3DPEHPK3PXP');
    expect(open(worker.privateKey, 'seed', box)).toBe('JBSWY3DPEHPK3PXP');
    expect(() => open(generateWorkerKey().privateKey, 'seed', box)).toThrow(SealError);
    expect(() => open(worker.privateKey, 'codes', box)).toThrow(SealError);
    expect(() => open(worker.privateKey, 'seed', `${box.slice(0, -2)}AA`)).toThrow(SealError);
    expect(() => open(worker.privateKey, 'seed', 'not a box')).toThrow(SealError);
  });

  it("seal to a principal's registered Ed25519 key, opened by its private key", () => {
    const alice = generateKey('alice');
    const box = seal(principalSealKey(publicKeyText(alice)), 'codes', '["abc123"]');
    expect(open(principalOpenKey(alice.privateKey), 'codes', box)).toBe('["abc123"]');
    expect(() => open(principalOpenKey(generateKey('bob').privateKey), 'codes', box)).toThrow(SealError);
  });

  it('never seals the same text to the same box twice', () => {
    const worker = generateWorkerKey();
    expect(seal(worker.publicKey, 'passcode', '4711123456')).not.toBe(seal(worker.publicKey, 'passcode', '4711123456'));
  });
});
