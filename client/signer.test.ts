import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publicKeyOf, verifySignature } from '../trust/envelope.js';
import { EaError } from './ea-service.js';
import { generateKey, writeKeyFile } from './keys.js';
import { keyFileSigner, keySigner } from './signer.js';

const AT = Date.parse('2026-03-01T12:00:00.000Z');

describe('keySigner', () => {
  it("signs what verifySignature accepts for the principal's public key, this workflow and this message", () => {
    const key = generateKey('helpdesk-1');
    const signer = keySigner(key, () => AT);
    const payload = { requestId: 'r1', actor: 'helpdesk-1', origin: 'operator' as const, skipped: undefined };
    const signed = signer.sign('token-T1', 'clear', payload);
    expect(signed).toEqual({
      requestId: 'r1',
      actor: 'helpdesk-1',
      origin: 'operator',
      envelope: { principal: 'helpdesk-1', at: '2026-03-01T12:00:00.000Z', signature: expect.any(String) },
    });
    expect(signer.principal).toBe('helpdesk-1');
    const publicKey = publicKeyOf(key.privateKey);
    expect(verifySignature(publicKey, 'token-T1', 'clear', signed)).toBe(true);
    expect(verifySignature(publicKey, 'token-T2', 'clear', signed)).toBe(false);
    expect(verifySignature(publicKey, 'token-T1', 'found', signed)).toBe(false);
    expect(verifySignature(publicKey, 'token-T1', 'clear', { ...signed, origin: 'system' })).toBe(false);
    expect(verifySignature(publicKeyOf(generateKey('x').privateKey), 'token-T1', 'clear', signed)).toBe(false);
  });

  it('dates each request by the real clock by default', () => {
    const before = Date.now();
    const { envelope } = keySigner(generateKey('a')).sign('ea-policy', 'setPolicy', { requestId: 'r' });
    expect(Date.parse(envelope.at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(envelope.at)).toBeLessThanOrEqual(Date.now());
    expect(envelope.at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });
});

describe('keyFileSigner', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ea-signer-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the key file when first needed, and signs as its principal', () => {
    const path = join(dir, 'eva.key');
    const signer = keyFileSigner(path, () => AT); // no file yet: nothing is read
    const key = generateKey('eva');
    writeKeyFile(path, key);
    expect(signer.principal).toBe('eva');
    const signed = signer.sign('user-ann', 'putUser', { requestId: 'r', id: 'ann' });
    expect(verifySignature(publicKeyOf(key.privateKey), 'user-ann', 'putUser', signed)).toBe(true);
  });

  it('fails with exit 2 when there is no key to sign with', () => {
    const signer = keyFileSigner(join(dir, 'missing.key'));
    expect(() => signer.sign('w', 'm', {})).toThrow(EaError);
    expect(() => signer.principal).toThrow(/missing\.key/);
  });
});
