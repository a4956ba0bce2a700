// The real product on the run's dev server, isolated per test file by a namespace of its own (the
// policy workflow is a singleton per namespace): a worker with the real activities writing to a
// temp data folder, and the EaService the CLI and dashboard use, signing as the namespace's first
// admin, whose key is the data folder's bootstrap key (`<data>/keys/admin.key`), as `ea start` makes it.
import { loadWorkerKeyRing } from '../../worker/codec/worker-key.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { msToTs } from '@temporalio/common/lib/time.js';
import { createActivities } from '../../activities/create-activities.js';
import type { DeliveryConfig } from '../../activities/delivery/config.js';
import { ADMIN_PRINCIPAL, adminKeyPath, ensureKeyFile, generateKey, type PrincipalKey } from '../../client/keys.js';
import { keySigner, type Signer } from '../../client/signer.js';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import { installRuntime } from '../../worker/runtime.js';
import { prepareNamespace } from '../../worker/prepare-namespace.js';
import { TASK_QUEUE } from '../../contract/messages.js';
import { testDataConverter, uniqueId } from './temporal.js';

export interface ProductEnv {
  namespace: string;
  dataDir: string;
  client: Client;
  /** The registry's first admin, registered before the test runs; `ea` finds it by EA_DATA_DIR. */
  adminKey: PrincipalKey;
  signer: Signer;
  service: TemporalEaService;
  worker: Worker;
  /** Stops the worker (to prove timers fire without one) and starts a fresh one. */
  restartWorker(): Promise<void>;
  stopWorker(): Promise<void>;
  /** `activitiesClient`: the client the activities use (one that fails some calls, say). */
  startWorker(activitiesClient?: Client): Promise<void>;
  teardown(): Promise<void>;
}

export async function registerNamespace(connection: Connection, namespace: string): Promise<void> {
  await connection.workflowService.registerNamespace({
    namespace,
    workflowExecutionRetentionPeriod: msToTs(86_400_000),
  });
  // Namespace creation is eventually visible to the frontend: wait until it answers.
  for (let i = 0; i < 100; i++) {
    try {
      await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

export async function createProductEnv(
  options: {
    delivery?: Partial<DeliveryConfig>;
    /** false: an empty registry and no key file (the service signs with a key of its own), for `ea principal init`. */
    registerAdmin?: boolean;
    /** A server of the test's own (one it restarts) instead of the run's. */
    address?: string;
  } = {},
): Promise<ProductEnv> {
  installRuntime();
  const address = options.address ?? inject('temporalAddress');
  const namespace = uniqueId('ns');
  const dataDir = mkdtempSync(join(tmpdir(), 'ea-product-'));
  const connection = await Connection.connect({ address });
  await registerNamespace(connection, namespace);
  await prepareNamespace(connection, namespace, 1);
  const client = new Client({ connection, namespace, dataConverter: testDataConverter() });
  const delivery: DeliveryConfig = {
    dataDir,
    smtpUrl: null,
    from: 'Emergency Access <ea@test.local>',
    sms: { kind: 'outbox' },
    ...options.delivery,
  };
  const nativeConnection = await NativeConnection.connect({ address });

  let current: { worker: Worker; running: Promise<void>; close(): Promise<void> } | null = null;
  const startWorker = async (activitiesClient: Client = client) => {
    const { activities, sinks, close } = createActivities({
      client: activitiesClient,
      dataDir,
      delivery,
      workerKeys: loadWorkerKeyRing({}, dataDir),
    });
    const worker = await Worker.create({
      connection: nativeConnection,
      namespace,
      taskQueue: TASK_QUEUE,
      dataConverter: testDataConverter(),
      workflowBundle: { codePath: inject('productBundlePath') },
      activities,
      sinks,
    });
    current = { worker, running: worker.run(), close };
  };
  const stopWorker = async () => {
    if (!current) return;
    const stopping = current;
    current = null;
    stopping.worker.shutdown();
    await stopping.running;
    await stopping.close();
  };
  await startWorker();
  const registerAdmin = options.registerAdmin !== false;
  const adminKey = registerAdmin
    ? ensureKeyFile(adminKeyPath(dataDir), ADMIN_PRINCIPAL).key
    : generateKey(ADMIN_PRINCIPAL);
  const signer = keySigner(adminKey);
  const service = new TemporalEaService(client, dataDir, signer);
  if (registerAdmin) await service.initPrincipals(adminKey);
  return {
    namespace,
    dataDir,
    client,
    adminKey,
    signer,
    service,
    get worker() {
      return current!.worker;
    },
    startWorker,
    stopWorker,
    async restartWorker() {
      await stopWorker();
      await startWorker();
    },
    async teardown() {
      await stopWorker();
      await nativeConnection.close();
      await connection.close();
    },
  };
}
