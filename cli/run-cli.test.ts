import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Command } from 'commander';
import { generateKey, writeKeyFile } from '../client/keys.js';
import { EaError } from '../client/ea-service.js';
import { buildProgram } from './program.js';
import { runCli } from './run-cli.js';
import { CliSession } from './session.js';
import { ea, seededService, TEST_ENV, testService } from './testing/run.js';

describe('ea: usage', () => {
  it('--help prints usage on stdout, exits 0 and connects to nothing', async () => {
    const result = await ea(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/Usage: ea/);
    expect(result.stdout).toMatch(/lost/);
    expect(result.connects).toBe(0);
    const sub = await ea(['lost', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toMatch(/--reason <permanently-lost\|temporarily-unavailable>/);
  });

  it('no command: help on stderr, exit 2', async () => {
    const result = await ea([]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/Usage: ea/);
    expect(result.stderr).toMatch(/ea: a command is needed/);
    const group = await ea(['user', '--json']);
    expect(group.code).toBe(2);
  });

  it('an unknown command or option is a usage error (exit 2) with a hint', async () => {
    const unknown = await ea(['stauts', 'T1']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'stauts'/);
    expect(unknown.stderr).toMatch(/Did you mean status\?/);
    expect(unknown.stderr).toMatch(/--help/);
    const option = await ea(['status', 'T1', '--colour']);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/unknown option '--colour'/);
    expect((await ea(['status'])).code).toBe(2);
    expect((await ea(['status', 'T1', 'T2'])).code).toBe(2);
  });

  it('with --json a usage error is one JSON error document on stdout, the message on stderr too', async () => {
    const result = await ea(['status', 'bad/serial', '--json']);
    expect(result.code).toBe(2);
    expect(result.json()).toEqual({
      error: { code: 'invalid', message: expect.stringMatching(/"bad\/serial" is not a serial/) },
    });
    expect(result.stderr).toMatch(/is not a serial/);
    expect(result.connects).toBe(0);
    const usage = await ea(['lost', 'T1', '--json']);
    expect(usage.code).toBe(2);
    expect(usage.json()).toEqual({
      error: { code: 'usage', message: expect.stringMatching(/give --reason/) },
    });
  });

  it('every command takes --json, --key and --request-id', () => {
    const session = new CliSession(
      {
        stdout: { write: () => true },
        stderr: { write: () => true },
        env: TEST_ENV,
        connect: async () => ({ service: testService(), close: async () => undefined }),
        stdin: async () => '',
      },
      [],
    );
    const platform = new Set(['server', 'worker', 'dashboard', 'start', 'doctor', 'codec-server', 'gateway']);
    const leaves = (command: Command): Command[] =>
      command.commands.length ? command.commands.flatMap(leaves) : [command];
    const ours = leaves(buildProgram(session)).filter((c) => !platform.has(c.name()));
    expect(ours.length).toBeGreaterThanOrEqual(22);
    for (const command of ours) {
      expect(
        command.options.map((o) => o.long),
        command.name(),
      ).toEqual(expect.arrayContaining(['--json', '--key', '--request-id']));
      expect(command.options.map((o) => o.long)).not.toContain('--actor');
    }
  });
});

describe('ea: errors from the service map to the contract exit codes', () => {
  it('server unreachable: exit 3, code unavailable, what to do on stderr', async () => {
    const human = await ea(['status', 'T1'], { unreachable: true });
    expect(human.code).toBe(3);
    expect(human.stdout).toBe('');
    expect(human.stderr).toMatch(/cannot reach the Temporal server/);
    expect(human.stderr).toMatch(/ea server/);
    const json = await ea(['status', 'T1', '--json'], { unreachable: true });
    expect(json.code).toBe(3);
    expect(json.json()).toEqual({ error: { code: 'unavailable', message: expect.stringMatching(/cannot reach/) } });
  });

  it('unknown serial: exit 2, code not-found', async () => {
    const result = await ea(['status', 'NOPE', '--json'], { service: await seededService() });
    expect(result.code).toBe(2);
    expect(result.json()).toEqual({ error: { code: 'not-found', message: 'unknown token NOPE' } });
  });

  it('refused by the service: exit 1', async () => {
    const result = await ea(['clear', 'T1'], { service: await seededService() });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not in emergency access/);
  });

  it('field errors are listed, and carried in the JSON error', async () => {
    const result = await ea(['policy', 'set', 'nonsense.key=1', '--json'], { service: testService() });
    expect(result.code).toBe(2);
    expect(result.json()).toEqual({
      error: {
        code: 'invalid',
        message: expect.any(String),
        fields: [{ field: 'nonsense.key', message: expect.any(String) }],
      },
    });
    expect(result.stderr).toMatch(/nonsense\.key: /);
  });

  it('an unexpected error is reported plainly with exit 1', async () => {
    const service = testService();
    service.status = () => Promise.reject(new TypeError('boom'));
    const result = await ea(['status', 'T1', '--json'], { service });
    expect(result.code).toBe(1);
    expect(result.json()).toEqual({ error: { code: 'internal', message: 'unexpected error: boom' } });
  });

  it('closes the connection after the command, also after an error', async () => {
    const ok = await ea(['status', 'T1'], { service: await seededService() });
    expect([ok.connects, ok.closes]).toEqual([1, 1]);
    const failed = await ea(['status', 'NOPE'], { service: await seededService() });
    expect([failed.connects, failed.closes]).toEqual([1, 1]);
  });

  it('an invalid TZ is bad input (exit 2)', async () => {
    const result = await ea(
      ['token', 'add', 'T9', '--user', 'alice', '--seed', 'GEZDGNBVGY3TQOJQ', '--expires', '2027-01-01'],
      { env: { TZ: 'Nowhere/Land' } },
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/TZ="Nowhere\/Land" is not a time zone name/);
  });
});

describe('ea: who is acting', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ea-identity-'));
    writeKeyFile(join(dir, 'keys', 'admin.key'), generateKey('admin'));
    writeKeyFile(join(dir, 'olivia.key'), generateKey('olivia'));
    writeKeyFile(join(dir, 'hd.key'), generateKey('helpdesk-1'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('signs with --key, else EA_KEY, else <data>/keys/admin.key; --request-id passed through', async () => {
    const whoSigns = async (argv: string[], env: NodeJS.ProcessEnv) => {
      const service = await seededService();
      const result = await ea(['disable', 'T1', ...argv], { service, env });
      expect(result.code).toBe(0);
      return { principal: result.signer?.principal, meta: service.calls[0]?.args[2] };
    };
    const env = { ...TEST_ENV, EA_DATA_DIR: dir };
    expect(await whoSigns(['--key', join(dir, 'olivia.key'), '--request-id', 'r-1'], env)).toEqual({
      principal: 'olivia',
      meta: { requestId: 'r-1' },
    });
    expect(await whoSigns([], { ...env, EA_KEY: join(dir, 'hd.key') })).toEqual({ principal: 'helpdesk-1', meta: {} });
    expect(await whoSigns([], env)).toEqual({ principal: 'admin', meta: {} });
  });

  it('--actor is gone', async () => {
    const result = await ea(['disable', 'T1', '--actor', 'olivia'], { service: await seededService() });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/unknown option '--actor'/);
  });

  it('a command that signs without a usable key fails with exit 2 and says which file', async () => {
    const service = await seededService();
    const connect = async () => ({ service, close: async () => undefined });
    let stderr = '';
    const code = await runCli(['disable', 'T1', '--key', join(dir, 'none.key')], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
      env: TEST_ENV,
      // As the real connection does: every message is signed before it is sent.
      connect: async (_env, signer) => {
        void signer.principal;
        return connect();
      },
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/none\.key \(no such file\)/);
  });

  it('refuses an empty request id', async () => {
    expect((await ea(['disable', 'T1', '--request-id', ' '])).code).toBe(2);
  });
});

describe('runCli defaults', () => {
  it('writes to the given streams and never exits the process', async () => {
    let out = '';
    const code = await runCli(['status', 'T1', '--json'], {
      stdout: { write: (s: string) => (out += s) },
      stderr: { write: () => true },
      env: TEST_ENV,
      connect: async () => {
        throw new EaError('unavailable', 'down');
      },
    });
    expect(code).toBe(3);
    expect(JSON.parse(out)).toEqual({ error: { code: 'unavailable', message: 'down' } });
  });
});
