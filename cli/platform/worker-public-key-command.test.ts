import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { loadWorkerKeyRing } from '../../worker/codec/worker-key.js';
import { openWithAny, seal } from '../../secrets/sealed-box.js';

const EA_BIN = fileURLToPath(new URL('../../bin/ea.js', import.meta.url));
const WORKER_KEY = Buffer.alloc(32, 7).toString('base64');

const ea = (args: string[], env: NodeJS.ProcessEnv) =>
  promisify(execFile)(process.execPath, [EA_BIN, ...args], {
    env: { ...process.env, TEMPORAL_ADDRESS: '', EA_WORKER_KEYS: '', ...env },
  });

it('prints the public half: what a client seals to it, the workers open', async () => {
  const env = { EA_DATA_DIR: mkdtempSync(join(tmpdir(), 'ea-wpk-')), EA_WORKER_KEY: WORKER_KEY };
  const { stdout } = await ea(['worker', '--public-key', '--json'], env);
  const { publicKey, keyId } = JSON.parse(stdout) as { publicKey: string; keyId: string };
  const ring = loadWorkerKeyRing(env, env.EA_DATA_DIR);
  expect(keyId).toBe(ring.current.id);
  const sealed = seal(new Uint8Array(Buffer.from(publicKey, 'base64')), 'passcode', '4711123456');
  expect(openWithAny([ring.current.privateKey], 'passcode', sealed)).toBe('4711123456');
  const text = await ea(['worker', '--public-key'], env);
  expect(text.stdout.trim()).toBe(`EA_WORKER_PUBLIC_KEY=${publicKey}`);
});

it('makes no key for a remote server: it says which variable to set', async () => {
  const env = { EA_DATA_DIR: mkdtempSync(join(tmpdir(), 'ea-wpk-')), TEMPORAL_ADDRESS: 'temporal.example.com:7233' };
  const failed = await ea(['worker', '--public-key'], env).catch((error: { code: number; stderr: string }) => error);
  expect(failed).toMatchObject({ code: 1 });
  expect((failed as { stderr: string }).stderr).toMatch(/EA_WORKER_KEY/);
});
