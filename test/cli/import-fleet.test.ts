// Imports against the real dev server and worker. An import stopped half-way for real (the `ea` process SIGKILLed while rows are in flight) and run
// again: every row ends imported exactly once, each user holding its one token, and the re-run
// answers `unchanged` for what the first run finished. The killed run printed no result.
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { eaEnvironment, runEa } from '../support/ea-in-process.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';

const EA_BIN = fileURLToPath(new URL('../../bin/ea.js', import.meta.url));
const COUNT = 30;

let product: ProductEnv;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  product = await createProductEnv();
  env = eaEnvironment(product);
});
afterAll(async () => {
  await product?.teardown();
});

/** Runs `ea` as its own process with --json and SIGKILLs it once its progress reaches `killAt` rows. */
function importKilledAt(file: string, killAt: number): Promise<{ stdout: string; killedAtDone: number | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn('node', [EA_BIN, 'import', 'tokens', file, '--json', '--concurrency', '4'], { env });
    let stdout = '';
    let pending = '';
    let killedAtDone: number | null = null;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        const done = (JSON.parse(line) as { progress?: { done: number } }).progress?.done ?? 0;
        if (done >= killAt && killedAtDone === null) {
          killedAtDone = done;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('error', reject);
    child.on('close', () => resolve({ stdout, killedAtDone }));
  });
}

it('an import SIGKILLed mid-way, run again, resumes: each row imported once, nothing twice', async () => {
  const users = ['id,name,email,mobile,onDemand'];
  const tokens = ['serial,user,seed,type,digits,period,algorithm,expires,pin'];
  for (let i = 1; i <= COUNT; i++) {
    users.push(`r${i},User ${i},r${i}@example.com,,`);
    tokens.push(`R${i},r${i},GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,totp,6,30,SHA1,2028-01-01,1234`);
  }
  const usersFile = join(product.dataDir, 'fleet-users.csv');
  const tokensFile = join(product.dataDir, 'fleet-tokens.csv');
  writeFileSync(usersFile, users.join('\n'));
  writeFileSync(tokensFile, tokens.join('\n'));
  expect((await runEa(env, ['import', 'users', usersFile, '--json'])).json()).toMatchObject({ imported: COUNT });

  const killed = await importKilledAt(tokensFile, 5);
  expect(killed.killedAtDone).not.toBeNull();
  expect(killed.killedAtDone!).toBeLessThan(COUNT);
  expect(killed.stdout).toBe('');

  const again = await runEa(env, ['import', 'tokens', tokensFile, '--json']);
  expect(again.code).toBe(0);
  const report = again.json() as { imported: number; unchanged: number; skipped: unknown[] };
  expect(report.skipped).toEqual([]);
  expect(report.imported + report.unchanged).toBe(COUNT);
  expect(report.unchanged).toBeGreaterThanOrEqual(killed.killedAtDone!);
  // The progress lines of the re-run went to stderr, one JSON object each, ending at the total.
  const progress = again.stderr
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { progress: { done: number; total: number } }).progress);
  expect(progress.at(-1)).toMatchObject({ done: COUNT, total: COUNT });

  for (let i = 1; i <= COUNT; i++) {
    expect((await product.service.getUser(`r${i}`))?.serials).toEqual([`R${i}`]);
  }
  expect((await runEa(env, ['import', 'tokens', tokensFile, '--json'])).json()).toEqual({
    imported: 0,
    unchanged: COUNT,
    skipped: [],
  });
});

it("a user's three tokens in one file, many rows in flight: the user holds all three", async () => {
  const users = ['id,name,email,mobile,onDemand', 'trio,Trio,trio@example.com,,'];
  const tokens = ['serial,user,seed,type,digits,period,algorithm,expires,pin'];
  for (const serial of ['TRIO-1', 'TRIO-2', 'TRIO-3'])
    tokens.push(`${serial},trio,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,totp,6,30,SHA1,2028-01-01,`);
  const usersFile = join(product.dataDir, 'trio-users.csv');
  const tokensFile = join(product.dataDir, 'trio-tokens.csv');
  writeFileSync(usersFile, users.join('\n'));
  writeFileSync(tokensFile, tokens.join('\n'));
  expect((await runEa(env, ['import', 'users', usersFile, '--json'])).code).toBe(0);
  const result = await runEa(env, ['import', 'tokens', tokensFile, '--json', '--concurrency', '16']);
  expect(result.json()).toEqual({ imported: 3, unchanged: 0, skipped: [] });
  expect((await product.service.getUser('trio'))?.serials.sort()).toEqual(['TRIO-1', 'TRIO-2', 'TRIO-3']);
});
