// `ea principal …` against the real dev server and worker (spec §5 "Bootstrap", §8): the first admin
// of an empty registry by `ea principal init` (a second one refused, exit 1), then add, list and
// revoke signed with the key init wrote, each change in the audit under the verified principal.
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publicKeyText, readKeyFile } from '../../client/keys.js';
import { eaProcess } from '../support/ea-process.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { eaEnvironment, runEa } from '../support/ea-in-process.js';

let product: ProductEnv;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  product = await createProductEnv({ registerAdmin: false });
  env = eaEnvironment(product);
});
afterAll(async () => {
  await product?.teardown();
});

const ea = (...argv: string[]) => runEa(env, argv);

describe('ea principal', () => {
  const adminKeyFile = () => join(product.dataDir, 'keys', 'admin.key');

  it('init registers the first admin with a fresh key; a second init is refused with exit 1', async () => {
    expect(existsSync(adminKeyFile())).toBe(false);
    expect((await ea('principal', 'list', '--json')).json()).toEqual([]);
    const init = await ea('principal', 'init', '--json');
    expect(init.stderr).toBe('');
    expect(init.code).toBe(0);
    expect(statSync(adminKeyFile()).mode & 0o777).toBe(0o600);
    const key = readKeyFile(adminKeyFile());
    expect(init.json()).toMatchObject({
      name: 'admin',
      publicKey: publicKeyText(key),
      roles: ['admin'],
      state: 'active',
      keyFile: adminKeyFile(),
    });

    const again = await ea(
      'principal',
      'init',
      '--name',
      'mallory',
      '--key-out',
      join(product.dataDir, 'm.key'),
      '--json',
    );
    expect(again.code).toBe(1);
    expect(again.json()).toEqual({
      error: { code: 'refused', message: expect.stringMatching(/already has an admin/) },
    });
    expect(existsSync(join(product.dataDir, 'm.key'))).toBe(false);
    // The real program, as a script runs it.
    const process = await eaProcess(product, ['principal', 'init', '--json']);
    expect(process.code).toBe(1);
    expect(readKeyFile(adminKeyFile())).toEqual(key);
  });

  it('add, list and revoke, signed by the admin key; the audit names the admin', async () => {
    const add = await ea('principal', 'add', 'gateway', '--role', 'authenticator', '--json');
    expect(add.stderr).toBe('');
    expect(add.code).toBe(0);
    const gatewayKeyFile = join(product.dataDir, 'keys', 'gateway.key');
    expect(statSync(gatewayKeyFile).mode & 0o777).toBe(0o600);
    expect(add.json()).toMatchObject({
      name: 'gateway',
      publicKey: publicKeyText(readKeyFile(gatewayKeyFile)),
      roles: ['authenticator'],
      state: 'active',
      keyFile: gatewayKeyFile,
    });
    const portal = await ea('principal', 'add', 'portal-1', '--role', 'selfservice', '--user', 'alice', '--json');
    expect(portal.json()).toMatchObject({ roles: ['selfservice'], user: 'alice' });

    const list = await ea('principal', 'list', '--json');
    expect(list.code).toBe(0);
    expect(list.json()).toEqual([
      expect.objectContaining({ name: 'admin', roles: ['admin'], state: 'active', addedAt: expect.any(String) }),
      expect.objectContaining({ name: 'gateway', roles: ['authenticator'], state: 'active' }),
      expect.objectContaining({ name: 'portal-1', roles: ['selfservice'], state: 'active', user: 'alice' }),
    ]);

    const revoke = await ea('principal', 'revoke', 'gateway', '--json');
    expect(revoke.code).toBe(0);
    expect(revoke.json()).toMatchObject({ name: 'gateway', state: 'revoked', revokedAt: expect.any(String) });
    expect((await ea('principal', 'list', '--json')).json()).toContainEqual(
      expect.objectContaining({ name: 'gateway', state: 'revoked' }),
    );
    expect((await ea('principal', 'revoke', 'gateway')).code).toBe(1); // already revoked
    expect((await ea('principal', 'revoke', 'nobody')).code).toBe(2);
    expect((await ea('principal', 'revoke', 'admin')).code).toBe(1); // the last active admin
    expect(
      (await ea('principal', 'add', 'gateway', '--role', 'helpdesk', '--key-out', join(product.dataDir, 'g2.key')))
        .code,
    ).toBe(1);
    expect(existsSync(join(product.dataDir, 'g2.key'))).toBe(false);

    // A key that is no registered admin's is refused (exit 1) by the registry's own check.
    const byGateway = await ea(
      'principal',
      'add',
      'x',
      '--role',
      'admin',
      '--key',
      gatewayKeyFile,
      '--key-out',
      join(product.dataDir, 'x.key'),
    );
    expect(byGateway.stderr).toMatch(/principal "gateway" is revoked/);
    expect(byGateway.code).toBe(1);
    expect(existsSync(join(product.dataDir, 'x.key'))).toBe(false);

    await expect
      .poll(async () => {
        const all = (await ea('audit', '--all', '--json')).stdout.split('\n').filter(Boolean);
        return all.map((line) => JSON.parse(line)).filter((r) => r.serial === 'ea-principals' && r.outcome === 'ok');
      })
      .toEqual([
        expect.objectContaining({
          type: 'principal-added',
          actor: 'admin',
          detail: expect.objectContaining({ principal: 'admin' }),
        }),
        expect.objectContaining({
          type: 'principal-added',
          actor: 'admin',
          detail: expect.objectContaining({ principal: 'gateway' }),
        }),
        expect.objectContaining({
          type: 'principal-added',
          actor: 'admin',
          detail: expect.objectContaining({ principal: 'portal-1' }),
        }),
        expect.objectContaining({
          type: 'principal-revoked',
          actor: 'admin',
          detail: expect.objectContaining({ principal: 'gateway' }),
        }),
      ]);
  });
});
