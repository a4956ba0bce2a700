// A time-skipping test server per test file (time is global to it), with the product's search
// attributes registered before any worker starts (engineering notes, trap 2), the product's data
// converter, a worker running the real activities against temp folders, and the first admin's key
// (registered) for the services the tests make.
import { loadWorkerKeyRing } from '../../worker/codec/worker-key.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject } from 'vitest';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../../activities/create-activities.js';
import { ADMIN_PRINCIPAL, adminKeyPath, ensureKeyFile } from '../../client/keys.js';
import { keySigner, type Signer } from '../../client/signer.js';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import { existingPath } from '../../worker/binaries.js';
import { followSkippedTime } from './skipped-clock.js';
import { installRuntime } from '../../worker/runtime.js';
import { registerSearchAttributes } from '../../worker/prepare-namespace.js';
import { TASK_QUEUE } from '../../contract/messages.js';
import { testDataConverter, uniqueId } from './temporal.js';

export interface TimeSkippingHarness {
  env: TestWorkflowEnvironment;
  dataDir: string;
  /** Signs as the registry's first admin. */
  signer: Signer;
  teardown(): Promise<void>;
}

/** One worker polls for the harness's whole life (a file's tests). */
export async function createTimeSkippingHarness(options: { smtpUrl?: string } = {}): Promise<TimeSkippingHarness> {
  installRuntime();
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: existingPath('temporal-test-server') },
    client: { dataConverter: testDataConverter() },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  const dataDir = mkdtempSync(join(tmpdir(), 'ea-ts-'));
  const { activities, sinks, close } = createActivities({
    client: env.client,
    dataDir,
    delivery: { dataDir, smtpUrl: options.smtpUrl ?? null, from: 'ea@test.local', sms: { kind: 'outbox' } },
    workerKeys: loadWorkerKeyRing({}, dataDir),
  });
  const startWorker = async () => {
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE, // the product's activities start workflows on the product queue
      dataConverter: testDataConverter(),
      workflowBundle: { codePath: inject('productBundlePath') },
      activities,
      sinks,
    });
    const running = worker.run();
    return async () => {
      worker.shutdown();
      await running;
    };
  };
  const stopWorker = await startWorker();
  const adminKey = ensureKeyFile(adminKeyPath(dataDir), ADMIN_PRINCIPAL).key;
  const signer = keySigner(adminKey, followSkippedTime(env));
  await new TemporalEaService(env.client, dataDir, signer).initPrincipals(adminKey);
  return {
    env,
    dataDir,
    signer,
    async teardown() {
      await stopWorker();
      await close();
      await env.teardown();
    },
  };
}

export { uniqueId };
