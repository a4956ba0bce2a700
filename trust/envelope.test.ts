import { createPrivateKey, createPublicKey, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesToBase64url } from './base64url.js';
import { publicKeyOf, signingBytes, signingString, signRequest, splitEnvelope, verifySignature } from './envelope.js';
import { privateKeyOf, T0_ISO, WORKFLOW_ID } from './test-fixtures.js';
import { RFC8032_VECTORS } from './test-rfc8032.js';
import { TEST_VECTOR, TEST_VECTOR_ARGUMENT } from './test-vector.js';

const hex = (text: string) => Uint8Array.from(Buffer.from(text, 'hex'));

/** node:crypto (OpenSSL) keys for a raw Ed25519 seed / public key: an independent implementation. */
const nodePrivate = (seed: Uint8Array) =>
  createPrivateKey({
    key: Buffer.concat([Buffer.from('302e020100300506032b657004220420', 'hex'), seed]),
    format: 'der',
    type: 'pkcs8',
  });
const nodePublic = (raw: Uint8Array) =>
  createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), raw]),
    format: 'der',
    type: 'spki',
  });

describe('Ed25519 (@noble/curves)', () => {
  it.each(RFC8032_VECTORS.map((v, i) => [i + 1, v] as const))('RFC 8032 §7.1 TEST %i', (_, v) => {
    expect(Buffer.from(ed25519.getPublicKey(hex(v.secret))).toString('hex')).toBe(v.public);
    expect(Buffer.from(ed25519.sign(hex(v.message), hex(v.secret))).toString('hex')).toBe(v.signature);
    expect(ed25519.verify(hex(v.signature), hex(v.message), hex(v.public), { zip215: false })).toBe(true);
  });

  it('agrees with node:crypto on keys and signatures', () => {
    fc.assert(
      fc.property(
        fc.uint8Array({ minLength: 32, maxLength: 32 }),
        fc.uint8Array({ maxLength: 300 }),
        (seed, message) => {
          const ours = ed25519.sign(message, seed);
          expect(Buffer.from(ours)).toEqual(nodeSign(null, message, nodePrivate(seed)));
          expect(nodeVerify(null, message, nodePublic(publicKeyOf(seed)), ours)).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  });
});

describe('the envelope test vector', () => {
  const seed = hex(TEST_VECTOR.privateKeyHex);
  const input = {
    workflowId: TEST_VECTOR.workflowId,
    message: TEST_VECTOR.message,
    payload: TEST_VECTOR.payload,
    principal: TEST_VECTOR.principal,
    at: TEST_VECTOR.at,
  };

  it('is 32 bytes of 0x01 and its public key', () => {
    expect(seed).toEqual(new Uint8Array(32).fill(1));
    expect(bytesToBase64url(publicKeyOf(seed))).toBe(TEST_VECTOR.publicKey);
  });

  it('has the published canonical string, signed as UTF-8', () => {
    expect(signingString(input)).toBe(TEST_VECTOR.canonical);
    expect(signingBytes(input)).toEqual(new Uint8Array(Buffer.from(TEST_VECTOR.canonical, 'utf8')));
  });

  it('signs to the published signature, which node:crypto verifies too', () => {
    const argument = signRequest(
      seed,
      TEST_VECTOR.principal,
      TEST_VECTOR.workflowId,
      TEST_VECTOR.message,
      { ...TEST_VECTOR.payload },
      TEST_VECTOR.at,
    );
    expect(argument).toEqual(TEST_VECTOR_ARGUMENT);
    const signature = Buffer.from(TEST_VECTOR.signature, 'base64url');
    expect(nodeVerify(null, Buffer.from(TEST_VECTOR.canonical, 'utf8'), nodePublic(publicKeyOf(seed)), signature)).toBe(
      true,
    );
    expect(
      verifySignature(TEST_VECTOR.publicKey, TEST_VECTOR.workflowId, TEST_VECTOR.message, TEST_VECTOR_ARGUMENT),
    ).toBe(true);
  });
});

describe('signing and verifying a request', () => {
  const key = privateKeyOf('anna');
  const publicKey = publicKeyOf(key);
  const payload = { requestId: 'r-1', actor: 'anna', origin: 'operator', reason: 'permanently-lost', count: 3 };
  const argument = signRequest(key, 'anna', WORKFLOW_ID, 'lost', payload, T0_ISO);

  it('verifies with the raw key and the base64url key, after a JSON round trip, in any key order', () => {
    expect(verifySignature(publicKey, WORKFLOW_ID, 'lost', argument)).toBe(true);
    expect(verifySignature(bytesToBase64url(publicKey), WORKFLOW_ID, 'lost', argument)).toBe(true);
    expect(verifySignature(publicKey, WORKFLOW_ID, 'lost', JSON.parse(JSON.stringify(argument)))).toBe(true);
    const reversed = Object.fromEntries(Object.entries(argument).reverse());
    expect(verifySignature(publicKey, WORKFLOW_ID, 'lost', reversed)).toBe(true);
  });

  it('signs what JSON carries: undefined fields are dropped, dates become strings', () => {
    const signed = signRequest(
      key,
      'anna',
      WORKFLOW_ID,
      'extend',
      { requestId: 'r-2', expiresAt: new Date(0), note: undefined } as never,
      T0_ISO,
    );
    expect(signed).toEqual({ requestId: 'r-2', expiresAt: '1970-01-01T00:00:00.000Z', envelope: expect.any(Object) });
    expect(verifySignature(publicKey, WORKFLOW_ID, 'extend', JSON.parse(JSON.stringify(signed)))).toBe(true);
  });

  it('refuses to sign twice or with a wrong-size key', () => {
    expect(() => signRequest(key, 'anna', WORKFLOW_ID, 'lost', argument, T0_ISO)).toThrow(/envelope/);
    expect(() => signRequest(key.subarray(1), 'anna', WORKFLOW_ID, 'lost', payload, T0_ISO)).toThrow(/32 bytes/);
    expect(() => signRequest(key, '', WORKFLOW_ID, 'lost', payload, T0_ISO)).toThrow(/principal/);
  });

  const tampered: [string, unknown, string, string][] = [
    ['a payload field changed', { ...argument, count: 4 }, WORKFLOW_ID, 'lost'],
    ['a payload field added', { ...argument, delivery: 'display' }, WORKFLOW_ID, 'lost'],
    ['a payload field removed', (({ count: _, ...rest }) => rest)(argument), WORKFLOW_ID, 'lost'],
    ['a payload field retyped', { ...argument, count: '3' }, WORKFLOW_ID, 'lost'],
    ['another workflow', argument, 'token-EA000124', 'lost'],
    ['another message', argument, WORKFLOW_ID, 'found'],
    [
      'another time',
      { ...argument, envelope: { ...argument.envelope, at: '2026-01-15T09:30:00.001Z' } },
      WORKFLOW_ID,
      'lost',
    ],
    ['another principal', { ...argument, envelope: { ...argument.envelope, principal: 'anne' } }, WORKFLOW_ID, 'lost'],
    [
      'a signature bit flipped',
      { ...argument, envelope: { ...argument.envelope, signature: flipBit(argument.envelope.signature) } },
      WORKFLOW_ID,
      'lost',
    ],
    [
      'another signer',
      signRequest(privateKeyOf('mallory'), 'anna', WORKFLOW_ID, 'lost', payload, T0_ISO),
      WORKFLOW_ID,
      'lost',
    ],
  ];
  it.each(tampered)('fails with %s', (_, changed, workflowId, message) => {
    expect(verifySignature(publicKey, workflowId, message, changed)).toBe(false);
  });

  it('fails, never throws, on malformed keys and arguments', () => {
    for (const key of [
      new Uint8Array(31),
      new Uint8Array(32),
      'not-a-key',
      '',
      bytesToBase64url(new Uint8Array(32).fill(0xff)),
    ]) {
      expect(verifySignature(key, WORKFLOW_ID, 'lost', argument)).toBe(false);
    }
    for (const garbage of [
      null,
      undefined,
      1,
      'x',
      [],
      [argument],
      {},
      { envelope: null },
      { envelope: [] },
      payload,
    ]) {
      expect(verifySignature(publicKey, WORKFLOW_ID, 'lost', garbage)).toBe(false);
    }
  });
});

describe('splitEnvelope', () => {
  const argument = signRequest(privateKeyOf('anna'), 'anna', WORKFLOW_ID, 'clear', { requestId: 'r-1' }, T0_ISO);

  it('separates payload and envelope without changing the argument', () => {
    const split = splitEnvelope(argument);
    expect(split).toEqual({ payload: { requestId: 'r-1' }, envelope: argument.envelope });
    expect(argument).toHaveProperty('envelope');
  });

  it('keeps a __proto__ key as an ordinary own key', () => {
    const hostile = JSON.parse(
      `{"requestId":"r","__proto__":{"polluted":true},"envelope":${JSON.stringify(argument.envelope)}}`,
    );
    const split = splitEnvelope(hostile)!;
    expect(Object.keys(split.payload)).toEqual(['requestId', '__proto__']);
    expect(Object.getPrototypeOf(split.payload)).toBe(Object.prototype);
    expect((split.payload as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('is null for an argument without a well-formed envelope', () => {
    const { envelope } = argument;
    const cases: unknown[] = [
      null,
      'x',
      42,
      [argument],
      { requestId: 'r-1' },
      { envelope: null },
      { envelope: 'sig' },
      { envelope: [envelope] },
      { envelope: { ...envelope, extra: 1 } },
      { envelope: { principal: envelope.principal, at: envelope.at } },
      { envelope: { ...envelope, principal: '' } },
      { envelope: { ...envelope, principal: 'p'.repeat(201) } },
      { envelope: { ...envelope, principal: 7 } },
      { envelope: { ...envelope, at: 7 } },
      { envelope: { ...envelope, at: 'x'.repeat(41) } },
      { envelope: { ...envelope, signature: `${envelope.signature}A` } },
      { envelope: { ...envelope, signature: envelope.signature.slice(1) } },
      { envelope: { ...envelope, signature: `${envelope.signature.slice(0, -2)}==` } },
      { envelope: { ...envelope, signature: Buffer.from(envelope.signature, 'base64url').toString('base64') } },
      Object.create({ envelope }),
    ];
    for (const value of cases) expect(splitEnvelope(value), JSON.stringify(value)).toBeNull();
  });
});

function flipBit(signature: string): string {
  const bytes = Buffer.from(signature, 'base64url');
  bytes[10]! ^= 1;
  return bytes.toString('base64url');
}
