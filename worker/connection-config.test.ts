import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { DEFAULT_ADDRESS, hasExternalServer, loadConnectConfig } from './connection-config.js';

const noFile = { TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml' };

it('defaults to the embedded server', () => {
  const config = loadConnectConfig({ ...noFile });
  expect(config.connectionOptions.address).toBe(DEFAULT_ADDRESS);
  expect(config.namespace).toBe('default');
  expect(hasExternalServer({})).toBe(false);
});

it('follows the TEMPORAL_* variables, API key switching TLS on', () => {
  const config = loadConnectConfig({
    ...noFile,
    TEMPORAL_ADDRESS: 'ns.acct.tmprl.cloud:7233',
    TEMPORAL_NAMESPACE: 'ns.acct',
    TEMPORAL_API_KEY: 'k',
  });
  expect(config.connectionOptions.address).toBe('ns.acct.tmprl.cloud:7233');
  expect(config.namespace).toBe('ns.acct');
  expect(config.connectionOptions.apiKey).toBe('k');
  expect(config.connectionOptions.tls).toBeTruthy();
  expect(hasExternalServer({ TEMPORAL_ADDRESS: 'x:1' })).toBe(true);
});

it('reads a profile from a TOML config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ea-toml-'));
  const file = join(dir, 'temporal.toml');
  writeFileSync(file, '[profile.prod]\naddress = "prod.example:7233"\nnamespace = "ea-prod"\n');
  const config = loadConnectConfig({ TEMPORAL_CONFIG_FILE: file, TEMPORAL_PROFILE: 'prod' });
  expect(config.connectionOptions.address).toBe('prod.example:7233');
  expect(config.namespace).toBe('ea-prod');
});
