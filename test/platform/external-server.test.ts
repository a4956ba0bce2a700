// With TEMPORAL_ADDRESS pointing at a server that runs elsewhere, `ea start` embeds nothing: it
// runs a worker against that server, and stops it cleanly.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, inject, it } from 'vitest';
import { TEST_ENCRYPTION_KEY, TEST_WORKER_KEY } from '../support/test-keys.js';
import { SQLITE_FILE } from '../../worker/dev-server.js';

const ea = fileURLToPath(new URL('../../bin/ea.js', import.meta.url));

function startAgainstTheTestServer() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ea-external-'));
  const child = spawn(process.execPath, [ea, 'start', '--no-dashboard'], {
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      EA_DATA_DIR: dataDir,
      EA_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      EA_WORKER_KEY: TEST_WORKER_KEY,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  // Code and signal both: a failure then says how the process ended.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { dataDir, child, exited, output: () => output };
}

it('starts no embedded server when TEMPORAL_ADDRESS is set', async () => {
  const { dataDir, child, exited, output } = startAgainstTheTestServer();
  await expect.poll(output, { timeout: 90_000, interval: 250 }).toContain('Worker running');
  expect(output()).toContain('nothing embedded starts');
  expect(existsSync(join(dataDir, SQLITE_FILE))).toBe(false);
  child.kill('SIGTERM');
  expect(await exited).toEqual({ code: 0, signal: null });
});

it('stops cleanly when SIGTERM comes while it is still starting the worker', async () => {
  const { child, exited, output } = startAgainstTheTestServer();
  await expect.poll(output, { timeout: 90_000, interval: 50 }).toContain('nothing embedded starts');
  child.kill('SIGTERM');
  expect(await exited).toEqual({ code: 0, signal: null });
});
