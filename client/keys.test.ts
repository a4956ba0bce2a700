import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publicKeyOf } from '../trust/envelope.js';
import { decodePublicKey } from '../trust/principal.js';
import { EaError } from './ea-service.js';
import {
  adminKeyPath,
  ensureKeyFile,
  generateKey,
  keyFileOf,
  parseKeyFile,
  publicKeyText,
  readKeyFile,
  writeKeyFile,
} from './keys.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ea-keys-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const failure = (run: () => unknown): EaError => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(EaError);
    return error as EaError;
  }
  throw new Error('expected an EaError');
};

describe('key files', () => {
  it('writes {"principal","privateKey"} with mode 0600 in a 0700 folder, and reads it back', () => {
    const key = generateKey('eva');
    const path = join(dir, 'keys', 'eva.key');
    writeKeyFile(path, key);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'keys')).mode & 0o777).toBe(0o700);
    const text = JSON.parse(readFileSync(path, 'utf8'));
    expect(Object.keys(text).sort()).toEqual(['principal', 'privateKey']);
    expect(text.principal).toBe('eva');
    expect(text.privateKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const read = readKeyFile(path);
    expect(read.principal).toBe('eva');
    expect(Buffer.from(read.privateKey)).toEqual(Buffer.from(key.privateKey));
    expect(readdirSync(join(dir, 'keys'))).toEqual(['eva.key']); // nothing left aside
  });

  it('generates a fresh 32-byte seed each time, and the public key the registry takes', () => {
    const a = generateKey('a');
    const b = generateKey('a');
    expect(a.privateKey).toHaveLength(32);
    expect(Buffer.from(a.privateKey)).not.toEqual(Buffer.from(b.privateKey));
    expect(decodePublicKey(publicKeyText(a))).toEqual(publicKeyOf(a.privateKey));
  });

  it('never overwrites a key file', () => {
    const path = join(dir, 'admin.key');
    const first = generateKey('admin');
    writeKeyFile(path, first);
    const before = readFileSync(path, 'utf8');
    expect(failure(() => writeKeyFile(path, generateKey('admin'))).message).toMatch(/already exists/);
    expect(readFileSync(path, 'utf8')).toBe(before);
    writeFileSync(join(dir, 'other'), 'not a key');
    expect(failure(() => writeKeyFile(join(dir, 'other'), first)).message).toMatch(/already exists/);
    expect(readdirSync(dir).sort()).toEqual(['admin.key', 'other']);
  });

  it.each([
    ['not JSON', 'nope', /not JSON/],
    ['an array', '[]', /not a JSON object/],
    ['a missing field', '{"principal":"eva"}', /exactly the fields/],
    ['an extra field', `{"principal":"eva","privateKey":"${'A'.repeat(43)}","x":1}`, /exactly the fields/],
    ['a bad name', `{"principal":"eva smith","privateKey":"${'A'.repeat(43)}"}`, /"principal"/],
    ['a short key', '{"principal":"eva","privateKey":"AAAA"}', /32 bytes/],
    ['padded base64', `{"principal":"eva","privateKey":"${'A'.repeat(43)}="}`, /32 bytes/],
    ['standard base64', `{"principal":"eva","privateKey":"${'+'.repeat(42)}A"}`, /32 bytes/],
  ])('rejects %s', (_, text, message) => {
    expect(parseKeyFile(text)).toMatch(message);
    const path = join(dir, 'bad.key');
    writeFileSync(path, text);
    const error = failure(() => readKeyFile(path));
    expect(error.code).toBe('invalid');
    expect(error.message).toMatch(/is not a key file/);
  });

  it('says which file is missing, and how to get one', () => {
    const error = failure(() => readKeyFile(join(dir, 'none.key')));
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(/none\.key \(no such file\).*EA_KEY/);
  });

  it('refuses a name the registry would refuse', () => {
    expect(failure(() => generateKey('a/b')).code).toBe('invalid');
    expect(failure(() => generateKey('')).code).toBe('invalid');
  });

  it('ensureKeyFile creates a key once and reads it ever after, whatever its name', () => {
    const path = adminKeyPath(dir);
    const created = ensureKeyFile(path, 'admin');
    expect(created.created).toBe(true);
    const again = ensureKeyFile(path, 'other');
    expect(again).toEqual({ key: created.key, created: false });
    expect(again.key.principal).toBe('admin');
  });
});

describe('keyFileOf', () => {
  it('--key, else EA_KEY, else <data>/keys/admin.key', () => {
    expect(keyFileOf({ EA_KEY: '/k/env.key' }, '/k/flag.key')).toBe('/k/flag.key');
    expect(keyFileOf({ EA_KEY: '/k/env.key', EA_DATA_DIR: '/d' })).toBe('/k/env.key');
    expect(keyFileOf({ EA_DATA_DIR: '/d' })).toBe('/d/keys/admin.key');
    expect(keyFileOf({})).toBe(resolve('data/keys/admin.key'));
  });
});
