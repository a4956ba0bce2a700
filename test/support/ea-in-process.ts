// The real `ea` program in this process, connecting to the run's dev server as `npx ea` would: the
// environment a user's shell gives it, and what it printed.
import { inject } from 'vitest';
import { runCli } from '../../cli/run-cli.js';
import type { ProductEnv } from './product-env.js';
import { TEST_ENCRYPTION_KEY } from './test-keys.js';

export interface EaRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout as the one JSON document `--json` prints. */
  json(): any;
  /** stdout as JSON lines. */
  lines(): any[];
}

/** The product's server, namespace, data folder and payload key; `keyFile` is EA_KEY (none: unset). */
export function eaEnvironment(product: ProductEnv, keyFile?: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: product.namespace,
    EA_DATA_DIR: product.dataDir,
    EA_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
    EA_KEY: keyFile,
    TZ: 'UTC',
  };
}

/** `terminal`: stderr claims to be a terminal, as a user's shell gives it (progress is shown there). */
export async function runEa(env: NodeJS.ProcessEnv, argv: string[], terminal = false): Promise<EaRun> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk), isTTY: terminal },
    env,
  });
  const lines = () =>
    stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
  return { code, stdout, stderr, json: () => JSON.parse(stdout), lines };
}
