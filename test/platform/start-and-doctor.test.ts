// `ea start` as an operator runs it: embedded server on the data folder's SQLite file plus a worker,
// and the data folder's admin key created and registered (spec §5 "Bootstrap"), and the gateway with
// its own authenticator key, answering a RADIUS client we did not write with the secret it says
// where to find, and the worker serving the SDK's metrics; `ea doctor` passes against it (and fails with exit 3 once it is gone); Ctrl-C leaves
// no process.
import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { publicKeyText, readKeyFile } from '../../client/keys.js';
import { SQLITE_FILE } from '../../worker/dev-server.js';
import { CODE } from '../../gateway/radius/packet.js';
import { freePort } from '../support/free-port.js';
import { prometheusSamples, pyrad } from '../support/outside-clients.js';

const ea = fileURLToPath(new URL('../../bin/ea.js', import.meta.url));

async function doctor(
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; report: { ok: boolean; checks: { check: string; ok: boolean }[] } }> {
  const run = promisify(execFile)(process.execPath, [ea, 'doctor', '--json'], { env });
  const { stdout, code } = await run.then(
    (done) => ({ stdout: done.stdout, code: 0 }),
    (failed: { stdout: string; code: number }) => ({ stdout: failed.stdout, code: failed.code }),
  );
  return { code, report: JSON.parse(stdout) };
}

/** Processes whose command line mentions the folder: the server (--db-filename) and the worker's log. */
async function processesUsing(folder: string): Promise<string> {
  const { stdout } = await promisify(execFile)('ps', ['-eo', 'pid,args']);
  return stdout
    .split('\n')
    .filter((line) => line.includes(folder) && !line.includes(' ps '))
    .join('\n');
}

it('starts server and worker, passes doctor, and stops everything on Ctrl-C', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ea-start-'));
  const [port, radiusPort, httpPort, metricsPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const env = {
    ...process.env,
    EA_DATA_DIR: dataDir,
    TEMPORAL_ADDRESS: undefined,
    TEMPORAL_NAMESPACE: undefined,
    EA_GATEWAY_URL: `http://127.0.0.1:${httpPort}`,
    EA_WORKER_METRICS: `127.0.0.1:${metricsPort}`,
  };
  const ports = ['--port', port, '--radius-port', radiusPort, '--http-port', httpPort].map(String);
  const child = spawn(process.execPath, [ea, 'start', '--no-dashboard', '--headless', ...ports], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  await expect.poll(() => output, { timeout: 90_000, interval: 250 }).toContain('Worker running');
  expect(existsSync(join(dataDir, SQLITE_FILE))).toBe(true);
  const secretFile = join(dataDir, 'gateway', 'radius-secret');
  await expect.poll(() => output, { timeout: 30_000, interval: 250 }).toContain(`udp 127.0.0.1:${radiusPort}`);
  expect(output).toContain(`secret in ${secretFile}`);
  expect(statSync(secretFile).mode & 0o777).toBe(0o600);
  const { replies } = await pyrad({
    port: radiusPort,
    secret: readFileSync(secretFile, 'utf8').trim(),
    user: 'nobody',
    // PIN + code (too long to be a PIN alone, which would be challenged first).
    password: '4711123456',
  });
  expect(replies.map((r) => [r.code, r.verified])).toEqual([[CODE.accessReject, true]]);
  // The worker serves the SDK's own metrics where EA_WORKER_METRICS says.
  const sdk = await prometheusSamples(await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text());
  expect(Object.keys(sdk).some((name) => name.startsWith('temporal_'))).toBe(true);

  const clientEnv = { ...env, TEMPORAL_ADDRESS: `127.0.0.1:${port}` };
  const healthy = await doctor(clientEnv);
  expect(healthy.report.checks.filter((c) => !c.ok)).toEqual([]);
  expect(healthy.code).toBe(0);
  expect(healthy.report.checks.map((c) => c.check)).toEqual(
    expect.arrayContaining([
      'server',
      'namespace',
      'search attributes',
      'worker',
      'encryption key',
      "workers' key",
      'deployment keys',
      'policy versions',
      'gateway',
    ]),
  );

  // Bootstrap: the admin key exists (mode 0600) and is the registry's first admin, so `npx ea …` signs.
  const adminKey = join(dataDir, 'keys', 'admin.key');
  await expect.poll(() => output, { timeout: 30_000, interval: 250 }).toContain('registered it as the first admin');
  expect(statSync(adminKey).mode & 0o777).toBe(0o600);
  const key = readKeyFile(adminKey);
  const listed = await promisify(execFile)(process.execPath, [ea, 'principal', 'list', '--json'], { env: clientEnv });
  expect(JSON.parse(listed.stdout)).toEqual([
    expect.objectContaining({ name: 'admin', publicKey: publicKeyText(key), roles: ['admin'], state: 'active' }),
    expect.objectContaining({ name: 'gateway', roles: ['authenticator'], state: 'active' }),
  ]);

  child.kill('SIGINT');
  expect(await exited).toBe(0);
  expect(await processesUsing(dataDir)).toBe('');
  const gone = await doctor(clientEnv);
  expect(gone.code).toBe(3);
  expect(gone.report.ok).toBe(false);
});
