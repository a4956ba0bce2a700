import { afterAll, beforeAll, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec } from './codec/encryption-codec.js';
import { loadKeyRing } from './codec/encryption-keys.js';
import { createCodecServer, listen } from './codec-server.js';

const codec = new EncryptionCodec(loadKeyRing({ EA_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64') }, '/x'));
const server = createCodecServer(codec);
let base = '';

beforeAll(async () => {
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});
afterAll(() => void server.close());

const post = (path: string, body: unknown) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'default' },
    body: JSON.stringify(body),
  });

it('encodes and decodes in the documented JSON shape', async () => {
  const payload = defaultPayloadConverter.toPayload({ hello: 'world' });
  const json = {
    metadata: { encoding: Buffer.from(payload.metadata!.encoding!).toString('base64') },
    data: Buffer.from(payload.data!).toString('base64'),
  };
  const encoded = (await (await post('/encode', { payloads: [json] })).json()) as {
    payloads: { metadata: Record<string, string>; data: string }[];
  };
  expect(Buffer.from(encoded.payloads[0]!.metadata.encoding!, 'base64').toString()).toBe('binary/encrypted');
  const decoded = (await (await post('/decode', encoded)).json()) as { payloads: { data: string }[] };
  expect(JSON.parse(Buffer.from(decoded.payloads[0]!.data, 'base64').toString())).toEqual({ hello: 'world' });
});

it('answers CORS preflights for the Web UI and refuses bad bodies', async () => {
  const preflight = await fetch(`${base}/decode`, { method: 'OPTIONS', headers: { origin: 'http://localhost:8233' } });
  expect(preflight.status).toBe(204);
  expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:8233');
  expect(preflight.headers.get('access-control-allow-headers')).toContain('x-namespace');
  expect((await post('/decode', { nope: 1 })).status).toBe(400);
  expect((await fetch(`${base}/other`)).status).toBe(404);
});
