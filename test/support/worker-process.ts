// Product workers as separate processes on a test's namespace and data folder (the same payload key
// and the folder's workers' key, as workers of one deployment share them), so a test can SIGKILL
// one the way a machine loses it: no shutdown, no flush, tasks in flight abandoned.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import type { ProductEnv } from './product-env.js';
import { TEST_ENCRYPTION_KEY } from './test-keys.js';

const entry = fileURLToPath(new URL('./worker-process-entry.ts', import.meta.url));

export interface WorkerProcess {
  pid: number;
  /** SIGKILL; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Drains and stops it (SIGKILL after 30 s). */
  stop(): Promise<void>;
}

const exited = (child: ChildProcess) =>
  child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise<void>((resolve) => child.once('exit', () => resolve()));

export async function startWorkerProcess(product: Pick<ProductEnv, 'namespace' | 'dataDir'>): Promise<WorkerProcess> {
  const child = fork(entry, [], {
    execArgv: ['--import', 'tsx'],
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_NAMESPACE: product.namespace,
      TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml',
      EA_DATA_DIR: product.dataDir,
      EA_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
      EA_TEST_WORKFLOW_BUNDLE: inject('productBundlePath'),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output = (output + chunk.toString('utf8')).slice(-4000));
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code, signal) =>
      reject(new Error(`worker process exited (${code ?? signal}) before it polled:\n${output}`)),
    );
  });
  return {
    pid: child.pid!,
    async kill() {
      child.kill('SIGKILL');
      await exited(child);
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = exited(child);
      const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.send('stop');
      await gone;
      clearTimeout(deadline);
    },
  };
}
