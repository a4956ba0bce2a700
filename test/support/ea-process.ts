// Runs the real `ea` program as its own process (bin/ea.js, which `npx ea` resolves to) against a
// test's product namespace, with the test key so it reads what the test's worker wrote; it signs
// with the data folder's admin key, as `npx ea` does by default.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { TEST_ENCRYPTION_KEY } from './test-keys.js';
import type { ProductEnv } from './product-env.js';

const EA_BIN = fileURLToPath(new URL('../../bin/ea.js', import.meta.url));

export interface EaProcessResult {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as the one JSON document `--json` promises. */
  json<T = Record<string, unknown>>(): T;
}

export function eaProcess(
  product: Pick<ProductEnv, 'namespace' | 'dataDir'>,
  args: string[],
  env: NodeJS.ProcessEnv = {},
): Promise<EaProcessResult> {
  const fullEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: product.namespace,
    EA_DATA_DIR: product.dataDir,
    EA_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    ...env,
  };
  return new Promise((resolve) => {
    execFile(process.execPath, [EA_BIN, ...args], { env: fullEnv, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr, json: <T>() => JSON.parse(stdout) as T });
    });
  });
}
