import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bootstrapAdmin } from './bootstrap.js';
import { EaError } from './ea-service.js';
import { adminKeyPath, generateKey, publicKeyText, readKeyFile, writeKeyFile } from './keys.js';
import { MemoryEaService } from './memory-ea-service.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ea-bootstrap-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

describe('bootstrapAdmin', () => {
  it('creates the admin key on first start and registers it; later starts find both in place', async () => {
    const service = new MemoryEaService();
    const keyFile = adminKeyPath(dataDir);
    const first = await bootstrapAdmin(service, keyFile);
    expect(first).toMatchObject({ keyCreated: true, outcome: 'registered', key: { principal: 'admin' } });
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(await service.principals()).toEqual([
      expect.objectContaining({ name: 'admin', publicKey: publicKeyText(first.key), roles: ['admin'] }),
    ]);
    const again = await bootstrapAdmin(service, keyFile);
    expect(again).toEqual({ key: first.key, keyCreated: false, outcome: 'already-registered' });
    expect(readKeyFile(keyFile)).toEqual(first.key);
  });

  it('registers an existing key file as it is, whatever its name', async () => {
    const service = new MemoryEaService();
    const eva = generateKey('eva');
    writeKeyFile(adminKeyPath(dataDir), eva);
    expect(await bootstrapAdmin(service, adminKeyPath(dataDir))).toMatchObject({
      keyCreated: false,
      outcome: 'registered',
    });
    expect((await service.principals()).map((p) => p.name)).toEqual(['eva']);
  });

  it('leaves a registry that already has an admin alone, quietly, and still makes sure the key exists', async () => {
    const service = new MemoryEaService();
    await service.initPrincipals(generateKey('cluster-admin'));
    const result = await bootstrapAdmin(service, adminKeyPath(dataDir));
    expect(result).toMatchObject({ keyCreated: true, outcome: 'registry-taken' });
    expect(readKeyFile(adminKeyPath(dataDir))).toEqual(result.key);
    expect((await service.principals()).map((p) => p.name)).toEqual(['cluster-admin']);
  });

  it('loses a race for the empty registry quietly', async () => {
    const service = new MemoryEaService();
    const principals = service.principals.bind(service);
    let first = true;
    // Another process registers its admin between our look and our init.
    service.principals = async () => {
      const list = await principals();
      if (first) {
        first = false;
        await service.initPrincipals(generateKey('other'));
      }
      return list;
    };
    expect((await bootstrapAdmin(service, adminKeyPath(dataDir))).outcome).toBe('registry-taken');
  });

  it('fails on a key file that is not one, and never replaces it', async () => {
    const keyFile = adminKeyPath(dataDir);
    mkdirSync(join(dataDir, 'keys'));
    writeFileSync(keyFile, 'garbage');
    await expect(bootstrapAdmin(new MemoryEaService(), keyFile)).rejects.toBeInstanceOf(EaError);
    expect(readFileSync(keyFile, 'utf8')).toBe('garbage');
  });
});
