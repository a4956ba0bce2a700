import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { CODEC_TOKEN_FILE, codecOrigins, loadCodecToken, uiCodecEndpoint } from './codec-access.js';

it('creates the token file once, exclusively, mode 0600, and reads it after', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ea-codec-'));
  const first = loadCodecToken({}, dir);
  const second = loadCodecToken({}, dir);
  expect(second.token).toBe(first.token);
  expect(first.token.length).toBeGreaterThanOrEqual(43);
  expect(first.source).toBe(join(dir, CODEC_TOKEN_FILE));
  expect(statSync(first.source).mode & 0o777).toBe(0o600);
  expect(readFileSync(first.source, 'utf8').trim()).toBe(first.token);
});

it('takes EA_CODEC_TOKEN instead, and refuses a short one', () => {
  const token = 'x'.repeat(32);
  expect(loadCodecToken({ EA_CODEC_TOKEN: token }, '/nonexistent')).toEqual({ token, source: 'EA_CODEC_TOKEN' });
  expect(() => loadCodecToken({ EA_CODEC_TOKEN: 'short' }, '/nonexistent')).toThrow(/at least 16/);
});

it('allows the embedded Web UI by default, or exactly the configured origins', () => {
  expect(codecOrigins({}, 9233)).toEqual(['http://127.0.0.1:9233', 'http://localhost:9233']);
  expect(codecOrigins({ EA_CODEC_ORIGINS: 'https://ui.example.com, http://10.0.0.5:8080' })).toEqual([
    'https://ui.example.com',
    'http://10.0.0.5:8080',
  ]);
  for (const bad of ['*', 'https://ui.example.com/path', 'ui.example.com'])
    expect(() => codecOrigins({ EA_CODEC_ORIGINS: bad })).toThrow(/not an origin/);
  expect(uiCodecEndpoint('http://127.0.0.1:8888', 'a/b')).toBe('http://127.0.0.1:8888/a%2Fb');
});
