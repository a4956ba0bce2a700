// The codec endpoint as a web page the operator happens to open would call it (a raw `fetch` with
// a foreign Origin), and as the Web UI and the `temporal` CLI call it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultPayloadConverter } from '@temporalio/common';
import { EncryptionCodec } from './codec/encryption-codec.js';
import { loadKeyRing } from './codec/encryption-keys.js';
import { createCodecServer, listen } from './codec-server.js';

const TOKEN = 'test-codec-token-0123456789abcdef';
const UI_ORIGIN = 'http://127.0.0.1:8233';
const EVIL = 'https://evil.example';
const codec = new EncryptionCodec(loadKeyRing({ EA_ENCRYPTION_KEY: Buffer.alloc(32, 3).toString('base64') }, '/x'));
const server = createCodecServer(codec, { token: TOKEN, origins: [UI_ORIGIN] });
let base = '';

beforeAll(async () => {
  base = `http://127.0.0.1:${await listen(server, 0)}`;
});
afterAll(() => void server.close());

const secretPayload = () => {
  const payload = defaultPayloadConverter.toPayload({ pin: '1234' });
  return {
    metadata: { encoding: Buffer.from(payload.metadata!.encoding!).toString('base64') },
    data: Buffer.from(payload.data!).toString('base64'),
  };
};

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${base}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-namespace': 'default', ...headers },
    body: JSON.stringify(body),
  });

const bearer = { authorization: `Bearer ${TOKEN}` };

async function encoded(): Promise<unknown> {
  const response = await post('/encode', { payloads: [secretPayload()] }, bearer);
  expect(response.status).toBe(200);
  return response.json();
}

describe('as an attacker calls it', () => {
  it('refuses a foreign page without the token: 401, no CORS grant, nothing decoded', async () => {
    const response = await post('/decode', await encoded(), { origin: EVIL });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect(await response.text()).not.toContain('1234');
  });

  it('grants a foreign origin nothing, not even with the token or in a preflight', async () => {
    const preflight = await fetch(`${base}/decode`, {
      method: 'OPTIONS',
      headers: {
        origin: EVIL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(403);
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    const withToken = await post('/decode', await encoded(), { ...bearer, origin: EVIL });
    expect(withToken.status).toBe(403);
    expect(withToken.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a wrong token and a token of another length', async () => {
    for (const token of [`${TOKEN.slice(0, -1)}x`, 'short', ''])
      expect((await post('/decode', await encoded(), { authorization: `Bearer ${token}` })).status).toBe(401);
  });
});

describe('as the Web UI and the temporal CLI call it', () => {
  it('decodes for a caller with the token (header, as `temporal --codec-auth` sends it)', async () => {
    const response = await post('/decode', await encoded(), bearer);
    expect(response.status).toBe(200);
    const decoded = (await response.json()) as { payloads: { data: string }[] };
    expect(JSON.parse(Buffer.from(decoded.payloads[0]!.data, 'base64').toString())).toEqual({ pin: '1234' });
  });

  it('decodes under the token path the embedded Web UI is given (it cannot send a header)', async () => {
    const response = await post(`/${TOKEN}/decode`, await encoded(), { origin: UI_ORIGIN });
    expect(response.status).toBe(200);
    expect(response.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(response.headers.get('access-control-allow-credentials')).toBeNull();
    expect((await post('/wrong-token/decode', await encoded(), { origin: UI_ORIGIN })).status).toBe(401);
  });

  it('answers the configured origin’s preflight without credentials', async () => {
    const preflight = await fetch(`${base}/${TOKEN}/decode`, {
      method: 'OPTIONS',
      headers: { origin: UI_ORIGIN, 'access-control-request-method': 'POST' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(UI_ORIGIN);
    expect(preflight.headers.get('access-control-allow-headers')).toContain('x-namespace');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
  });

  it('refuses bad bodies and unknown paths', async () => {
    expect((await post('/decode', { nope: 1 }, bearer)).status).toBe(400);
    expect((await fetch(`${base}/other`, { headers: bearer })).status).toBe(404);
  });
});
