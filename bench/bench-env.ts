// One run's world: a fresh embedded dev server (temp data folder, free port, headless), the
// bundles, the worker process, and the client the CLI and dashboard use, signing as the data
// folder's first admin (registered as `ea start` registers it). Torn down at the end, leaving no
// process behind.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { Runtime } from '@temporalio/worker';
import { ADMIN_PRINCIPAL, adminKeyPath, ensureKeyFile } from '../client/keys.js';
import { keySigner, type Signer } from '../client/signer.js';
import { TemporalEaService } from '../client/temporal-ea-service.js';
import { freePort } from '../test/support/free-port.js';
import { createDataConverter } from '../worker/codec/data-converter.js';
import { loadKeyRing } from '../worker/codec/encryption-keys.js';
import { startDevServer } from '../worker/dev-server.js';
import { installRuntime } from '../worker/runtime.js';
import { bundleAll, type BundlePaths } from './bundles.js';
import { log } from './log.js';
import { startWorkerChild, type WorkerChild } from './worker-child.js';

export interface BenchEnv {
  dataDir: string;
  bareOutboxDir: string;
  bundles: BundlePaths;
  /** The same key for the worker process and this one. */
  env: NodeJS.ProcessEnv;
  client: Client;
  /** Signs as the registry's first admin: the service's and the benchmark's own messages. */
  signer: Signer;
  service: TemporalEaService;
  worker: WorkerChild;
  /** The dev server's process, for its CPU time. */
  serverPid: number | undefined;
  teardown(): Promise<void>;
}

// The server's SQLite file on tmpfs where there is one: the figures are about Temporal and our code,
// and both sides of every ratio share the server, not about this machine's disk.
const scratch = existsSync('/dev/shm') ? '/dev/shm' : tmpdir();

export async function createBenchEnv(profileDir: string | null): Promise<BenchEnv> {
  installRuntime();
  const root = await mkdtemp(join(scratch, 'ea-bench-'));
  const dataDir = join(root, 'data');
  const bareOutboxDir = join(root, 'bare-outbox');
  await mkdir(dataDir);
  const env = { ...process.env, EA_ENCRYPTION_KEY: randomBytes(32).toString('base64') };
  const cleanups: Array<() => Promise<void>> = [() => rm(root, { recursive: true, force: true })];
  const teardown = async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    // The runtime forwards the core's logs, which holds the process open once everything else is gone.
    await Runtime.instance().shutdown();
  };
  try {
    log('starting the dev server and bundling the workflows');
    const [server, bundles] = await Promise.all([
      freePort().then((port) => startDevServer({ dataDir, port, headless: true, env })),
      bundleAll(root),
    ]);
    cleanups.push(() => server.stop());
    const worker = await startWorkerChild(
      { address: server.address, dataDir, bareOutboxDir, productBundle: bundles.product, bareBundle: bundles.bare },
      env,
      profileDir,
    );
    cleanups.push(() => worker.stop());
    const connection = await Connection.connect({ address: server.address });
    cleanups.push(() => connection.close());
    const client = new Client({ connection, dataConverter: createDataConverter(loadKeyRing(env, dataDir)) });
    const adminKey = ensureKeyFile(adminKeyPath(dataDir), ADMIN_PRINCIPAL).key;
    const signer = keySigner(adminKey);
    const service = new TemporalEaService(client, dataDir, signer);
    await service.initPrincipals(adminKey);
    return {
      dataDir,
      bareOutboxDir,
      bundles,
      env,
      client,
      signer,
      service,
      worker,
      serverPid: server.process.pid,
      teardown,
    };
  } catch (error) {
    await teardown();
    throw error;
  }
}
