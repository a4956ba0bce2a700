// Issue #16 item 19: the data folder holds codes, keys, the audit and the server's database, so it
// is the owner's alone: 0700 for folders, 0600 for files — also those an older version (or a
// default umask) left readable, fixed when `ea start` starts.
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { SQLITE_FILE } from '../../worker/dev-server.js';
import { freePort } from '../support/free-port.js';

const ea = fileURLToPath(new URL('../../bin/ea.js', import.meta.url));

/** Every entry under `dir` with its permission bits, as `path mode` lines. */
function modesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((entry) => `${entry} ${(statSync(join(dir, entry)).mode & 0o777).toString(8)}`)
    .sort();
}

it('ea start makes the data folder and everything in it owner-only, old files included', async () => {
  const dataDir = join(mkdtempSync(join(tmpdir(), 'ea-modes-')), 'data');
  mkdirSync(join(dataDir, 'outbox'), { recursive: true, mode: 0o755 });
  chmodSync(dataDir, 0o755);
  writeFileSync(join(dataDir, 'worker.log'), 'an old log line\n', { mode: 0o644 });
  writeFileSync(join(dataDir, 'audit.jsonl'), '', { mode: 0o644 });
  writeFileSync(join(dataDir, 'outbox', 'old.eml'), 'Subject: codes\n', { mode: 0o644 });
  const port = await freePort();
  const env = { ...process.env, EA_DATA_DIR: dataDir, TEMPORAL_ADDRESS: undefined, TEMPORAL_NAMESPACE: undefined };
  const child = spawn(process.execPath, [ea, 'start', '--no-dashboard', '--headless', '--port', String(port)], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  try {
    await expect.poll(() => output, { timeout: 90_000, interval: 250 }).toContain('registered it as the first admin');
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    const modes = modesUnder(dataDir);
    expect(modes).toEqual(expect.arrayContaining([`${SQLITE_FILE} 600`, 'worker.log 600', 'audit.jsonl 600']));
    expect(modes.filter((line) => !/ (600|700)$/.test(line))).toEqual([]);
  } finally {
    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }
});
