import { chmodSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { createSecretFile, looseSecretFile, readOrCreateSecretFile } from './secret-file.js';

it('creates a file whole, mode 0600, and never replaces one that exists', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ea-secret-'));
  const path = join(dir, 'sub', 'a.key');
  expect(createSecretFile(path, 'first\n')).toBe(true);
  expect(createSecretFile(path, 'second\n')).toBe(false);
  expect(readFileSync(path, 'utf8')).toBe('first\n');
  expect(statSync(path).mode & 0o777).toBe(0o600);
  expect(statSync(join(dir, 'sub')).mode & 0o777).toBe(0o700);
  expect(readdirSync(join(dir, 'sub'))).toEqual(['a.key']); // nothing left aside
});

it('reads what is there instead of making a new one', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ea-secret-'));
  const path = join(dir, 'b.key');
  writeFileSync(path, 'kept\n', { mode: 0o600 });
  expect(readOrCreateSecretFile(path, () => 'new\n')).toEqual({ text: 'kept\n', created: false });
  expect(readOrCreateSecretFile(join(dir, 'c.key'), () => 'new\n')).toEqual({ text: 'new\n', created: true });
});

it('tells a secret file others may read', () => {
  const path = join(mkdtempSync(join(tmpdir(), 'ea-secret-')), 'd.key');
  createSecretFile(path, 'x\n');
  expect(looseSecretFile(path)).toBeNull();
  chmodSync(path, 0o644);
  expect(looseSecretFile(path)).toMatch(/mode 0644: others may read it \(`chmod 600 .*d\.key`\)/);
});
