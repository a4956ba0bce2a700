import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { x25519 } from '@noble/curves/ed25519';
import { expect, it } from 'vitest';
import { WORKER_KEY_FILE, loadWorkerKeyRing, workerKeyId } from './worker-key.js';

const keyA = Buffer.alloc(32, 11).toString('base64');
const keyB = Buffer.alloc(32, 12).toString('base64');

it('creates <data>/worker.key once, exclusively, mode 0600, next to the payload key', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ea-worker-key-'));
  const first = loadWorkerKeyRing({}, dir);
  const second = loadWorkerKeyRing({}, dir);
  expect(first.source).toBe('key-file');
  expect(second.current.privateKey).toEqual(first.current.privateKey);
  expect(statSync(join(dir, WORKER_KEY_FILE)).mode & 0o777).toBe(0o600);
  expect(Buffer.from(readFileSync(join(dir, WORKER_KEY_FILE), 'utf8').trim(), 'base64')).toHaveLength(32);
  expect(first.current.publicKey).toEqual(x25519.getPublicKey(first.current.privateKey));
  expect(first.current.id).toBe(workerKeyId(first.current.publicKey));
});

it('takes EA_WORKER_KEY, or EA_WORKER_KEYS for rotation (the first is current, all open)', () => {
  const one = loadWorkerKeyRing({ EA_WORKER_KEY: keyA }, '/nonexistent');
  expect(one.source).toBe('EA_WORKER_KEY');
  const rotated = loadWorkerKeyRing({ EA_WORKER_KEYS: `w2:${keyB},w1:${keyA}` }, '/nonexistent');
  expect(rotated.current.id).toBe('w2');
  expect(rotated.byId.get('w1')!.publicKey).toEqual(one.current.publicKey);
  expect(() => loadWorkerKeyRing({ EA_WORKER_KEYS: `w:${keyA},w:${keyB}` }, '/x')).toThrow(/twice/);
  expect(() => loadWorkerKeyRing({ EA_WORKER_KEY: 'c2hvcnQ=' }, '/x')).toThrow(/32 random bytes/);
});

it('requires EA_WORKER_KEY for a server elsewhere, also when a profile names it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ea-worker-key-'));
  const file = join(dir, 'temporal.toml');
  writeFileSync(file, '[profile.prod]\naddress = "10.1.2.3:7233"\n');
  for (const env of [
    { TEMPORAL_ADDRESS: 'temporal.example:7233' },
    { TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'prod' },
  ])
    expect(() => loadWorkerKeyRing(env, dir)).toThrow(/EA_WORKER_KEY is required/);
  expect(existsSync(join(dir, WORKER_KEY_FILE))).toBe(false);
});
