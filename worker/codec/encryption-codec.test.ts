import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec, ENCRYPTED_ENCODING } from './encryption-codec.js';
import { KEY_FILE_NAME, loadKeyRing } from './encryption-keys.js';
import { isLoopbackAddress } from '../connection-config.js';
import { payloadConverter } from './payload-converter.js';
import { isUndecodable } from '../../contract/undecodable.js';

const keyA = Buffer.alloc(32, 1).toString('base64');
const keyB = Buffer.alloc(32, 2).toString('base64');
const text = (bytes: Uint8Array | null | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array());

describe('EncryptionCodec', () => {
  const codec = new EncryptionCodec(loadKeyRing({ EA_ENCRYPTION_KEY: keyA }, '/nonexistent'));

  it('round-trips a payload and hides its bytes', async () => {
    const payload = defaultPayloadConverter.toPayload({ pin: 'S3cretPin' });
    const [encoded] = await codec.encode([payload]);
    expect(text(encoded!.metadata!.encoding)).toBe(ENCRYPTED_ENCODING);
    expect(Buffer.from(encoded!.data!).includes('S3cretPin')).toBe(false);
    const [decoded] = await codec.decode([encoded!]);
    expect(defaultPayloadConverter.fromPayload(decoded!)).toEqual({ pin: 'S3cretPin' });
  });

  it('uses a fresh IV each time', async () => {
    const payload = defaultPayloadConverter.toPayload('same');
    const [a, b] = await codec.encode([payload, payload]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('passes through payloads it cannot decrypt instead of throwing', async () => {
    const [encoded] = await codec.encode([defaultPayloadConverter.toPayload('x')]);
    const corrupt = { ...encoded!, data: Buffer.from(encoded!.data!).fill(0, 20, 30) };
    const unknownKey = {
      ...encoded!,
      metadata: { ...encoded!.metadata, 'encryption-key-id': new TextEncoder().encode('nope') },
    };
    const short = { ...encoded!, data: new Uint8Array(3) };
    const plain = defaultPayloadConverter.toPayload('plain');
    const out = await codec.decode([corrupt, unknownKey, short, plain]);
    expect(out.slice(0, 3).map((p) => text(p.metadata!.encoding))).toEqual([
      ENCRYPTED_ENCODING,
      ENCRYPTED_ENCODING,
      ENCRYPTED_ENCODING,
    ]);
    expect(defaultPayloadConverter.fromPayload(out[3]!)).toBe('plain');
    expect(
      out
        .slice(0, 3)
        .map((p) => payloadConverter.fromPayload(p))
        .every(isUndecodable),
    ).toBe(true);
  });

  it('decrypts with an older key after rotation and encrypts with the first', async () => {
    const old = new EncryptionCodec(loadKeyRing({ EA_ENCRYPTION_KEYS: `old:${keyA}` }, '/x'));
    const rotated = new EncryptionCodec(loadKeyRing({ EA_ENCRYPTION_KEYS: `new:${keyB},old:${keyA}` }, '/x'));
    const [fromOld] = await old.encode([defaultPayloadConverter.toPayload(42)]);
    expect(defaultPayloadConverter.fromPayload((await rotated.decode([fromOld!]))[0]!)).toBe(42);
    const [fromNew] = await rotated.encode([defaultPayloadConverter.toPayload(1)]);
    expect(text(fromNew!.metadata!['encryption-key-id'])).toBe('new');
  });
});

describe('payload converter', () => {
  it('turns undecodable payloads into a marker', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    expect(
      isUndecodable(payloadConverter.fromPayload({ metadata: { encoding: enc('weird/x') }, data: enc('{}') })),
    ).toBe(true);
    expect(
      isUndecodable(
        payloadConverter.fromPayload({ metadata: { encoding: enc('json/plain') }, data: enc('{not json') }),
      ),
    ).toBe(true);
    expect(isUndecodable(payloadConverter.fromPayload({ metadata: {}, data: enc('x') }))).toBe(true);
    expect(payloadConverter.fromPayload(payloadConverter.toPayload({ a: 1 }))).toEqual({ a: 1 });
  });
});

describe('key ring', () => {
  it('creates the key file once, exclusively, mode 0600', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ea-key-'));
    const first = loadKeyRing({}, dir);
    const second = loadKeyRing({}, dir);
    expect(first.source).toBe('key-file');
    expect(second.current.key.equals(first.current.key)).toBe(true);
    expect(statSync(join(dir, KEY_FILE_NAME)).mode & 0o777).toBe(0o600);
    expect(Buffer.from(readFileSync(join(dir, KEY_FILE_NAME), 'utf8').trim(), 'base64')).toHaveLength(32);
  });

  it('requires EA_ENCRYPTION_KEY for a remote server', () => {
    expect(() => loadKeyRing({ TEMPORAL_ADDRESS: 'temporal.example.com:7233' }, '/x')).toThrow(
      /EA_ENCRYPTION_KEY is required/,
    );
    expect(loadKeyRing({ TEMPORAL_ADDRESS: 'x.example:7233', EA_ENCRYPTION_KEY: keyA }, '/x').source).toBe(
      'EA_ENCRYPTION_KEY',
    );
  });

  it('requires explicit keys when a TEMPORAL_PROFILE points at a remote server, and writes no key file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ea-key-'));
    const file = join(dir, 'temporal.toml');
    writeFileSync(file, '[profile.prod]\naddress = "temporal.prod.example:7233"\nnamespace = "ea"\n');
    const env = { TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'prod' };
    expect(() => loadKeyRing(env, dir)).toThrow(/EA_ENCRYPTION_KEY is required.*temporal\.prod\.example:7233/);
    expect(existsSync(join(dir, KEY_FILE_NAME))).toBe(false);
    expect(loadKeyRing({ ...env, EA_ENCRYPTION_KEY: keyA }, dir).source).toBe('EA_ENCRYPTION_KEY');
  });

  it('refuses keys that are not 32 bytes', () => {
    expect(() => loadKeyRing({ EA_ENCRYPTION_KEY: 'c2hvcnQ=' }, '/x')).toThrow(/32 random bytes/);
    expect(() => loadKeyRing({ EA_ENCRYPTION_KEYS: 'nocolon' }, '/x')).toThrow(/id:base64/);
  });

  it('knows loopback addresses', () => {
    for (const a of [undefined, 'localhost:7233', '127.0.0.1:7233', '[::1]:7233', '127.1.2.3'])
      expect(isLoopbackAddress(a)).toBe(true);
    for (const a of ['10.0.0.1:7233', 'ns.tmprl.cloud:7233']) expect(isLoopbackAddress(a)).toBe(false);
  });
});
