// The `ea` command line against the real dev server and worker (spec §8 is a contract): each
// command's --json shape and exit code, imports (CSV and PSKC with known seeds) followed by an
// authentication with a TOTP computed from the seed, and the real process's exit codes.
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, keyPathIn, publicKeyText, writeKeyFile } from '../../client/keys.js';
import { oathCodeAt } from '../../domain/oath.js';
import type { OathSpec } from '../../domain/types.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { eaEnvironment, runEa, type EaRun } from '../support/ea-in-process.js';

const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ'; // RFC 6238's SHA1 seed in base32
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url));
const EA_BIN = fileURLToPath(new URL('../../bin/ea.js', import.meta.url));

let product: ProductEnv;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  product = await createProductEnv();
  // The commands sign as an admin of their own, named by EA_KEY: the audit's actor.
  const key = generateKey('cli-e2e');
  await product.service.addPrincipal({ name: key.principal, publicKey: publicKeyText(key), roles: ['admin'] }, {});
  writeKeyFile(keyPathIn(product.dataDir, key.principal), key);
  env = eaEnvironment(product, keyPathIn(product.dataDir, key.principal));
});
afterAll(async () => {
  await product?.teardown();
});

/** The real program in this process, connecting to the real server as `npx ea` would. */
const ea = (...argv: string[]) => runEa(env, argv);

/** `node bin/ea.js …` as its own process: what scripts see. */
async function eaProcess(
  argv: string[],
  extraEnv: NodeJS.ProcessEnv = {},
): Promise<Pick<EaRun, 'code' | 'stdout' | 'stderr'>> {
  try {
    const { stdout, stderr } = await promisify(execFile)('node', [EA_BIN, ...argv], { env: { ...env, ...extraEnv } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

const base32 = (ascii: string) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...Buffer.from(ascii)].map((b) => b.toString(2).padStart(8, '0')).join('');
  return bits
    .match(/.{1,5}/g)!
    .map((chunk) => alphabet[parseInt(chunk.padEnd(5, '0'), 2)])
    .join('');
};

describe('imports', () => {
  it('users from CSV, then tokens from PSKC; re-importing changes nothing; a TOTP from the seed authenticates', async () => {
    const users = await ea('import', 'users', fixture('users.csv'), '--json');
    expect(users.code).toBe(0);
    expect(users.json()).toEqual({ imported: 3, unchanged: 0, skipped: [] });
    expect((await ea('import', 'users', fixture('users.csv'), '--json')).json()).toEqual({
      imported: 0,
      unchanged: 3,
      skipped: [],
    });

    const tokens = await ea('import', 'tokens', fixture('tokens.pskc.xml'), '--json');
    expect(tokens.code).toBe(0);
    expect(tokens.json()).toMatchObject({ imported: 3, unchanged: 0, skipped: [] });
    expect((await ea('import', 'tokens', fixture('tokens.pskc.xml'), '--json')).json()).toMatchObject({
      imported: 0,
      unchanged: 3,
    });

    // PSKC-TOTP-1: RFC 6238's SHA1 seed, 8 digits, 30 s, no PIN: the passcode is the code alone.
    const spec: OathSpec = {
      type: 'totp',
      secretBase32: base32('12345678901234567890'),
      digits: 8,
      period: 30,
      algorithm: 'SHA1',
      counter: 0,
    };
    const auth = await ea('auth', 'alice', oathCodeAt(spec, Date.now()), '--json');
    expect(auth.code).toBe(0);
    expect(auth.json()).toEqual({ accepted: true, serial: 'PSKC-TOTP-1', method: 'token', reason: expect.any(String) });

    const status = await ea('status', 'PSKC-TOTP-256', '--json');
    expect(status.json()).toMatchObject({
      serial: 'PSKC-TOTP-256',
      user: 'bob',
      state: 'active',
      tokenExpiresAt: '2028-06-30T00:00:00.000Z',
    });
  });

  it('reports bad rows by line, imports none of them, and exits 1', async () => {
    const file = join(product.dataDir, 'bad-tokens.csv');
    writeFileSync(
      file,
      [
        'serial,user,seed,type,digits,period,algorithm,expires,pin',
        'CSV-OK-1,carol,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,totp,6,30,SHA1,2028-01-01,',
        'CSV-BAD-2,carol,not-base32!,totp,6,30,SHA1,2028-01-01,',
        'CSV-BAD-3,nobody-here,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,totp,7,30,SHA1,2028-01-01,',
      ].join('\n'),
    );
    const result = await ea('import', 'tokens', file, '--json');
    expect(result.code).toBe(1);
    const report = result.json();
    expect(report.imported).toBe(1);
    expect(report.skipped.map((s: { line: number }) => s.line)).toEqual([3, 4]);
    expect((await ea('status', 'CSV-BAD-2', '--json')).code).toBe(2);
  });
});

describe('the help-desk story from the command line', () => {
  it('user and token, lost with a temporary fixed code, auth, extend, status, found', async () => {
    const user = await ea('user', 'add', 'dave', '--name', 'Dave Doe', '--email', 'dave@example.com', '--json');
    expect(user.code).toBe(0);
    const token = await ea(
      'token',
      'add',
      'CLI-1',
      '--user',
      'dave',
      '--seed',
      SEED,
      '--expires',
      '2028-01-01',
      '--pin',
      '2468',
      '--json',
    );
    expect(token.code).toBe(0);

    const lost = await ea('lost', 'CLI-1', '--reason', 'temporarily-unavailable', '--lifetime', '2d', '--json');
    expect(lost.code).toBe(0);
    expect(lost.json()).toEqual({
      serial: 'CLI-1',
      state: 'emergency',
      reason: 'temporarily-unavailable',
      kind: 'temporary-fixed',
      codes: [expect.any(String)],
      expiresAt: expect.stringMatching(/Z$/),
    });
    const [code] = lost.json().codes;

    const accepted = await ea('auth', 'dave', `2468${code}`, '--json');
    expect([accepted.code, accepted.json()]).toEqual([
      0,
      { accepted: true, serial: 'CLI-1', method: 'temporary-fixed', reason: expect.any(String) },
    ]);
    const rejected = await ea('auth', 'dave', '2468zzzzzzzz', '--json');
    expect([rejected.code, rejected.json().accepted, rejected.json().method]).toEqual([1, false, null]);
    const unknownUser = await ea('auth', 'no-such-user', `2468${code}`, '--json');
    expect([unknownUser.code, unknownUser.json().accepted]).toEqual([1, false]);

    const extended = await ea('extend', 'CLI-1', '--lifetime', '3d', '--json');
    expect(extended.code).toBe(0);
    const status = await ea('status', 'CLI-1', '--json');
    expect(status.json()).toMatchObject({
      serial: 'CLI-1',
      user: 'dave',
      state: 'emergency',
      reason: 'temporarily-unavailable',
      kind: 'temporary-fixed',
      unusedCodes: null,
      locked: false,
      lockedUntil: null,
      disabled: false,
      replacementEligible: false,
      replacementRequested: false,
    });
    expect(Date.parse(status.json().expiresAt) - Date.parse(lost.json().expiresAt)).toBeGreaterThan(20 * 3_600_000);
    expect(status.json()).toHaveProperty('tokenExpiresAt');

    const found = await ea('found', 'CLI-1', '--json');
    expect([found.code, found.json().state]).toEqual([0, 'active']);
    const again = await ea('auth', 'dave', `2468${code}`, '--json');
    expect(again.json().accepted).toBe(false);
  });

  it('one-time set, operator actions, replacement, audit', async () => {
    await ea('user', 'add', 'erin', '--email', 'erin@example.com');
    await ea('token', 'add', 'CLI-2', '--user', 'erin', '--seed', SEED, '--expires', '2028-01-01', '--pin', '1357');
    const lost = await ea(
      'lost',
      'CLI-2',
      '--reason',
      'permanently-lost',
      '--kind',
      'one-time-set',
      '--count',
      '3',
      '--json',
    );
    expect(lost.json().codes).toHaveLength(3);
    expect((await ea('status', 'CLI-2', '--json')).json()).toMatchObject({ unusedCodes: 3, replacementEligible: true });
    expect((await ea('auth', 'erin', `1357${lost.json().codes[1]}`, '--json')).code).toBe(0);
    expect((await ea('auth', 'erin', `1357${lost.json().codes[1]}`, '--json')).code).toBe(1);

    for (const action of ['disable', 'enable', 'unlock']) expect((await ea(action, 'CLI-2', '--json')).code).toBe(0);
    expect((await ea('pin', 'CLI-2', '--set', '9753', '--json')).code).toBe(0);
    expect((await ea('auth', 'erin', `9753${lost.json().codes[2]}`, '--json')).json().accepted).toBe(true);

    const requested = await ea('replacement', 'request', 'CLI-2', '--json');
    expect([requested.code, requested.json().replacementRequested]).toEqual([0, true]);
    const replaced = await ea(
      'replace',
      'CLI-2',
      '--with',
      'CLI-2R',
      '--seed',
      SEED,
      '--expires',
      '2029-01-01',
      '--json',
    );
    expect(replaced.code).toBe(0);
    expect((await ea('status', 'CLI-2R', '--json')).json()).toMatchObject({ user: 'erin', state: 'active' });

    const audit = await ea('audit', 'CLI-2', '--json');
    expect(audit.code).toBe(0);
    const types = audit.lines().map((r: { type: string }) => r.type);
    expect(types).toEqual(
      expect.arrayContaining(['token-assigned', 'emergency-started', 'auth-accepted', 'auth-rejected']),
    );
    expect(audit.stdout).not.toContain(lost.json().codes[0]);
  });

  it('on-demand is refused for a user who is not enabled (exit 1)', async () => {
    await ea('user', 'add', 'fay', '--email', 'fay@example.com');
    await ea('token', 'add', 'CLI-3', '--user', 'fay', '--seed', SEED, '--expires', '2028-01-01');
    const lost = await ea('lost', 'CLI-3', '--reason', 'temporarily-unavailable', '--kind', 'on-demand', '--json');
    expect([lost.code, lost.json()]).toEqual([
      1,
      { error: { code: 'refused', message: expect.stringMatching(/not enabled for on-demand/) } },
    ]);
    const ondemand = await ea('ondemand', 'CLI-3', '--json');
    expect(ondemand.code).toBe(1);
    expect(ondemand.json()).toEqual({
      error: { code: expect.any(String), message: expect.stringMatching(/on-demand/i) },
    });
  });

  it('policy show, set (several keys at once or none, a message per bad field) and history', async () => {
    const shown = await ea('policy', 'show', '--json');
    expect(shown.code).toBe(0);
    expect(shown.json()).toMatchObject({ lockout: { maxFailures: 10 }, tokenCode: { setSize: 5 } });

    const bad = await ea('policy', 'set', 'lockout.maxFailures=7', 'tokenCode.setSize=0', '--json');
    expect(bad.code).toBe(2);
    expect(bad.json()).toMatchObject({ error: { code: expect.any(String), message: expect.any(String) } });
    expect(bad.stdout + bad.stderr).toContain('tokenCode.setSize');
    expect((await ea('policy', 'show', '--json')).json()).toMatchObject({ lockout: { maxFailures: 10 } });

    const set = await ea('policy', 'set', 'lockout.maxFailures=7', 'tokenCode.setSize=6', '--json');
    expect(set.code).toBe(0);
    expect((await ea('policy', 'show', '--json')).json()).toMatchObject({
      lockout: { maxFailures: 7 },
      tokenCode: { setSize: 6 },
    });
    const history = await ea('policy', 'history', '--json');
    expect(history.code).toBe(0);
    expect(history.stdout).toContain('maxFailures');
    expect(history.stdout).toContain('cli-e2e');
  });
});

describe('errors and exit codes', () => {
  it('an unknown serial is bad input (exit 2) with the error shape', async () => {
    const result = await ea('status', 'NO-SUCH-SERIAL', '--json');
    expect(result.code).toBe(2);
    expect(result.json()).toEqual({
      error: { code: expect.any(String), message: expect.stringContaining('NO-SUCH-SERIAL') },
    });
    expect(result.stderr).toContain('NO-SUCH-SERIAL');
  });

  it('a refused action in this state exits 1', async () => {
    await ea('user', 'add', 'gus', '--email', 'gus@example.com');
    await ea('token', 'add', 'CLI-4', '--user', 'gus', '--seed', SEED, '--expires', '2028-01-01');
    const cleared = await ea('clear', 'CLI-4', '--json');
    expect(cleared.code).toBe(1);
  });

  it('the real process: accepted 0, rejected 1, bad usage 2, no server 3', async () => {
    await ea('user', 'add', 'hal', '--email', 'hal@example.com');
    await ea('token', 'add', 'CLI-5', '--user', 'hal', '--seed', SEED, '--expires', '2028-01-01', '--pin', '1111');
    const spec: OathSpec = { type: 'totp', secretBase32: SEED, digits: 6, period: 30, algorithm: 'SHA1', counter: 0 };
    const accepted = await eaProcess(['auth', 'hal', `1111${oathCodeAt(spec, Date.now())}`, '--json']);
    expect([accepted.code, JSON.parse(accepted.stdout).accepted]).toEqual([0, true]);
    expect((await eaProcess(['auth', 'hal', '1111000000', '--json'])).code).toBe(1);
    expect((await eaProcess(['lost', 'CLI-5', '--reason', 'stolen', '--json'])).code).toBe(2);
    const unreachable = await eaProcess(['status', 'CLI-5', '--json'], { TEMPORAL_ADDRESS: '127.0.0.1:1' });
    expect(unreachable.code).toBe(3);
    expect(JSON.parse(unreachable.stdout)).toMatchObject({
      error: { message: expect.stringContaining('127.0.0.1:1') },
    });
  });
});
