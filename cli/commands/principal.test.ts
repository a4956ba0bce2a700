import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateKey, publicKeyText, readKeyFile, writeKeyFile } from '../../client/keys.js';
import { ea, TEST_ENV, TEST_KEY, testService, type TestService } from '../testing/run.js';

let dataDir: string;
let env: NodeJS.ProcessEnv;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ea-principal-'));
  env = { ...TEST_ENV, EA_DATA_DIR: dataDir };
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const keysIn = () => (existsSync(join(dataDir, 'keys')) ? readdirSync(join(dataDir, 'keys')).sort() : []);

/** A service whose registry has the test service's own key as its first admin. */
async function withAdmin(): Promise<TestService> {
  const service = testService();
  await service.initPrincipals(TEST_KEY);
  service.calls.length = 0;
  return service;
}

describe('ea principal init', () => {
  it('writes a fresh admin key to <data>/keys/admin.key (mode 0600) and registers it, self-signed', async () => {
    const service = testService();
    const result = await ea(['principal', 'init', '--json'], { service, env });
    expect(result.code).toBe(0);
    const keyFile = join(dataDir, 'keys', 'admin.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readKeyFile(keyFile);
    expect(key.principal).toBe('admin');
    expect(result.json()).toEqual({
      name: 'admin',
      publicKey: publicKeyText(key),
      roles: ['admin'],
      state: 'active',
      addedAt: '2026-03-01T12:00:00.000Z',
      keyFile,
    });
    expect(await service.principals()).toEqual([expect.objectContaining({ name: 'admin', state: 'active' })]);
  });

  it('a second init is refused (exit 1) and writes no key', async () => {
    const service = testService();
    expect((await ea(['principal', 'init'], { service, env })).code).toBe(0);
    const before = readKeyFile(join(dataDir, 'keys', 'admin.key'));
    const again = await ea(['principal', 'init', '--name', 'eva', '--key-out', join(dataDir, 'eva.key'), '--json'], {
      service,
      env,
    });
    expect(again.code).toBe(1);
    expect(again.json()).toEqual({
      error: { code: 'refused', message: expect.stringMatching(/already has an admin \(admin\)/) },
    });
    expect(existsSync(join(dataDir, 'eva.key'))).toBe(false);
    expect(readKeyFile(join(dataDir, 'keys', 'admin.key'))).toEqual(before);
    expect((await ea(['principal', 'init'], { service, env })).code).toBe(1);
  });

  it('--name and --key-out; human output says where the key is and how to use it', async () => {
    const result = await ea(['principal', 'init', '--name', 'eva', '--key-out', join(dataDir, 'eva.key')], { env });
    expect(result.code).toBe(0);
    expect(readKeyFile(join(dataDir, 'eva.key')).principal).toBe('eva');
    expect(result.stdout).toMatch(
      /^Principal eva registered \(admin\) at 2026-03-01T12:00:00.000Z \(2026-03-01 13:00:00/,
    );
    expect(result.stdout).toContain(`EA_KEY=${join(dataDir, 'eva.key')}`);
    expect(keysIn()).toEqual([]);
  });

  it("uses a key already at --key-out if it is the admin's, and never overwrites one that is not", async () => {
    const existing = generateKey('admin');
    writeKeyFile(join(dataDir, 'keys', 'admin.key'), existing);
    const service = testService();
    const used = await ea(['principal', 'init', '--json'], { service, env });
    expect(used.json()).toMatchObject({ name: 'admin', publicKey: publicKeyText(existing) });
    const fresh = testService();
    const other = await ea(['principal', 'init', '--name', 'eva', '--json'], { service: fresh, env });
    expect(other.code).toBe(2);
    expect(other.json()).toEqual({
      error: { code: 'invalid', message: expect.stringMatching(/key of admin, not eva/) },
    });
    expect(readKeyFile(join(dataDir, 'keys', 'admin.key'))).toEqual(existing);
    expect(await fresh.principals()).toEqual([]);
  });

  it('an unreachable server: exit 3, no key written', async () => {
    const result = await ea(['principal', 'init'], { env, unreachable: true });
    expect(result.code).toBe(3);
    expect(keysIn()).toEqual([]);
  });
});

describe('ea principal add', () => {
  it('writes a fresh key for NAME (mode 0600) and registers only its public key, signed by your key', async () => {
    const service = await withAdmin();
    const result = await ea(['principal', 'add', 'gw-1', '--role', 'authenticator', '--json'], { service, env });
    expect(result.code).toBe(0);
    const keyFile = join(dataDir, 'keys', 'gw-1.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    const key = readKeyFile(keyFile);
    expect(result.json()).toEqual({
      name: 'gw-1',
      publicKey: publicKeyText(key),
      roles: ['authenticator'],
      state: 'active',
      addedAt: '2026-03-01T12:00:00.000Z',
      keyFile,
      broadcast: 'done',
    });
    expect(service.calls).toEqual(
      [
        { method: 'principals', args: [] },
        {
          method: 'addPrincipal',
          args: [
            { name: 'gw-1', publicKey: publicKeyText(key), roles: ['authenticator'] },
            {},
            { wait: true, onProgress: expect.any(Function) },
          ],
        },
      ].slice(1),
    );
    const audit = (await service.auditFeed()).filter((r) => r.serial === 'ea-principals').at(-1);
    expect(audit).toMatchObject({ type: 'principal-added', actor: 'tester', detail: { principal: 'gw-1' } });
  });

  it('several roles, a selfservice principal with its user, and --key-out', async () => {
    const service = await withAdmin();
    const ops = await ea(['principal', 'add', 'ops', '--role', 'helpdesk,auditor,helpdesk', '--json'], {
      service,
      env,
    });
    expect(ops.json()).toMatchObject({ roles: ['helpdesk', 'auditor'] });
    const portal = join(dataDir, 'portal.key');
    const self = await ea(
      ['principal', 'add', 'portal-alice', '--role', 'selfservice', '--user', 'alice', '--key-out', portal, '--json'],
      { service, env },
    );
    expect(self.code).toBe(0);
    expect(self.json()).toMatchObject({ roles: ['selfservice'], user: 'alice', keyFile: portal });
    expect(readKeyFile(portal).principal).toBe('portal-alice');
  });

  it.each([
    [['--role', 'root'], /roles are one or more of admin, helpdesk/],
    [['--role', 'selfservice'], /needs --user/],
    [['--role', 'helpdesk', '--user', 'alice'], /only a selfservice principal/],
    [[], /required option '--role/],
  ])('bad usage %j: exit 2, nothing written or sent', async (flags, message) => {
    const service = await withAdmin();
    const result = await ea(['principal', 'add', 'x', ...flags], { service, env });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(keysIn()).toEqual([]);
    expect(service.calls).toEqual([]);
  });

  it('a bad name is exit 2', async () => {
    expect((await ea(['principal', 'add', 'a/b', '--role', 'helpdesk'], { env })).code).toBe(2);
  });

  it('never overwrites a key file: exit 2 before anything is sent', async () => {
    const service = await withAdmin();
    const existing = generateKey('other');
    writeKeyFile(join(dataDir, 'keys', 'gw.key'), existing);
    const result = await ea(['principal', 'add', 'gw', '--role', 'authenticator', '--json'], { service, env });
    expect(result.code).toBe(2);
    expect(result.json()).toEqual({ error: { code: 'invalid', message: expect.stringMatching(/already exists/) } });
    expect(readKeyFile(join(dataDir, 'keys', 'gw.key'))).toEqual(existing);
    expect(service.calls.map((c) => c.method)).not.toContain('addPrincipal');
  });

  it('refused by the registry (exit 1): the key written for it is removed', async () => {
    const service = await withAdmin();
    expect((await ea(['principal', 'add', 'gw', '--role', 'authenticator'], { service, env })).code).toBe(0);
    const again = await ea(
      ['principal', 'add', 'gw', '--role', 'authenticator', '--key-out', join(dataDir, 'gw2.key')],
      {
        service,
        env,
      },
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/already exists; names are never reused/);
    expect(existsSync(join(dataDir, 'gw2.key'))).toBe(false);
    const unregistered = await ea(['principal', 'add', 'hd', '--role', 'helpdesk'], { service: testService(), env });
    expect(unregistered.code).toBe(1);
    expect(keysIn()).toEqual(['gw.key']);
  });
});

describe('ea principal list and revoke', () => {
  it('list: JSON is the records; people get a table, or a hint when there are none', async () => {
    expect((await ea(['principal', 'list'], { env })).stdout).toMatch(
      /No principals are registered; `ea principal init`/,
    );
    const service = await withAdmin();
    await ea(['principal', 'add', 'portal', '--role', 'selfservice', '--user', 'alice'], { service, env });
    const json = await ea(['principal', 'list', '--json'], { service, env });
    expect(json.code).toBe(0);
    expect(json.json()).toEqual([
      {
        name: 'tester',
        publicKey: publicKeyText(TEST_KEY),
        roles: ['admin'],
        state: 'active',
        addedAt: '2026-03-01T12:00:00.000Z',
      },
      expect.objectContaining({ name: 'portal', roles: ['selfservice'], state: 'active', user: 'alice' }),
    ]);
    const human = await ea(['principal', 'list'], { service, env });
    expect(human.stdout).toMatch(/^NAME\s+ROLES\s+STATE\s+USER\s+ADDED\s+REVOKED\n/);
    expect(human.stdout).toMatch(
      /\ntester\s+admin\s+active\s+-\s+2026-03-01T12:00:00.000Z \(2026-03-01 13:00:00 Europe\/Berlin\)\s+-\n/,
    );
    expect(human.stdout).toMatch(/\nportal\s+selfservice\s+active\s+alice\s+/);
  });

  it('revoke: the record, now revoked; an unknown name is exit 2, the last admin exit 1', async () => {
    const service = await withAdmin();
    await ea(['principal', 'add', 'hd', '--role', 'helpdesk'], { service, env });
    const revoked = await ea(['principal', 'revoke', 'hd', '--json'], { service, env });
    expect(revoked.code).toBe(0);
    expect(revoked.json()).toMatchObject({ name: 'hd', state: 'revoked', revokedAt: '2026-03-01T12:00:00.000Z' });
    expect((await ea(['principal', 'list', '--json'], { service, env })).json()).toContainEqual(
      expect.objectContaining({ name: 'hd', state: 'revoked' }),
    );
    expect((await ea(['principal', 'revoke', 'hd'], { service, env })).code).toBe(1);
    const unknown = await ea(['principal', 'revoke', 'nobody', '--json'], { service, env });
    expect(unknown.code).toBe(2);
    expect(unknown.json()).toEqual({ error: { code: 'invalid', message: 'no principal nobody is registered' } });
    const last = await ea(['principal', 'revoke', 'tester'], { service, env });
    expect(last.code).toBe(1);
    expect(last.stderr).toMatch(/last active admin/);
  });
});
