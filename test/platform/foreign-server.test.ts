// `npm start` (ea start) as a new user runs it while another Temporal server already listens on the
// port (issue 16 item 25): it must not attach to that server; it says the port is taken and how to
// choose another or connect on purpose. Its own embedded server, left running by `ea server`, it reuses.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { findBinary } from '../../worker/binaries.js';
import { probe } from '../../worker/dev-server.js';
import { freePort } from '../support/free-port.js';

const ea = fileURLToPath(new URL('../../bin/ea.js', import.meta.url));
const started: ChildProcess[] = [];

afterEach(async () => {
  for (const child of started.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
});

function run(command: string, args: string[], env: NodeJS.ProcessEnv) {
  const child = spawn(command, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  started.push(child);
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited, output: () => output };
}

const cleanEnv = (dataDir: string) => ({
  ...process.env,
  EA_DATA_DIR: dataDir,
  TEMPORAL_ADDRESS: undefined,
  TEMPORAL_NAMESPACE: undefined,
});

it('refuses a foreign server on its port and says how to choose another or connect on purpose', async () => {
  const port = await freePort();
  // Another deployment's server: a plain dev server of the Temporal CLI, in memory.
  run(
    findBinary('temporal'),
    ['server', 'start-dev', '--headless', '--ip', '127.0.0.1', '--port', String(port)],
    process.env,
  );
  await expect
    .poll(async () => (await probe(`127.0.0.1:${port}`)) !== null, { timeout: 60_000, interval: 500 })
    .toBe(true);

  const start = run(
    process.execPath,
    [ea, 'start', '--no-dashboard', '--headless', '--port', String(port)],
    cleanEnv(mkdtempSync(join(tmpdir(), 'ea-foreign-'))),
  );
  const decided = () => start.child.exitCode !== null || start.output().includes('Worker running');
  await expect.poll(decided, { timeout: 90_000, interval: 250 }).toBe(true);
  expect(start.output()).not.toContain('Worker running');
  expect(await start.exited).toBe(1);
  expect(start.output()).toContain(`port ${port} is taken`);
  expect(start.output()).toContain('--port');
  expect(start.output()).toContain(`TEMPORAL_ADDRESS=127.0.0.1:${port}`);
});

it('reuses the embedded server this data folder’s `ea server` runs', async () => {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'ea-own-'));
  const server = run(process.execPath, [ea, 'server', '--headless', '--port', String(port)], cleanEnv(dataDir));
  await expect.poll(server.output, { timeout: 90_000, interval: 250 }).toContain('Press Ctrl-C to stop.');

  const start = run(
    process.execPath,
    [ea, 'start', '--no-dashboard', '--headless', '--port', String(port)],
    cleanEnv(dataDir),
  );
  await expect.poll(start.output, { timeout: 90_000, interval: 250 }).toContain('Worker running');
  expect(start.output()).toContain(`this data folder's embedded server, already running on 127.0.0.1:${port}`);
  start.child.kill('SIGTERM');
  expect(await start.exited).toBe(0);
});
