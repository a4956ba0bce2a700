// The worker process's wiring: connection by Temporal's conventions, the encrypting data converter,
// the deployment's key record checked before anything polls, the workflows bundled once at start-up,
// and activities over one client and one mail transporter.
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/create-activities.js';
import { loadDeliveryConfig } from '../activities/delivery/config.js';
import { TASK_QUEUE } from '../contract/messages.js';
import { createDataConverter } from './codec/data-converter.js';
import { loadKeyRing } from './codec/encryption-keys.js';
import { loadWorkerKeyRing } from './codec/worker-key.js';
import { loadConnectConfig } from './connection-config.js';
import { ownerOnlyDataDir } from './data-dir.js';
import { checkDeploymentKeys, DeploymentKeysMismatch } from './deployment-keys.js';
import { installRuntime } from './runtime.js';
import { bundleWorkflows } from './workflow-bundle.js';
import { limitWorkflowStackFrames } from './workflow-stack-frames.js';

export interface RunningWorker {
  worker: Worker;
  /** Resolves when the worker has stopped. */
  done: Promise<void>;
  shutdown(): Promise<void>;
}

export interface StartWorkerOptions {
  taskQueue?: string;
  /** Workflows bundled beforehand (tests share one bundle); by default they are bundled here. */
  workflowBundle?: { codePath: string };
}

export async function startWorker(
  env: NodeJS.ProcessEnv = process.env,
  { taskQueue = TASK_QUEUE, workflowBundle: prebuilt }: StartWorkerOptions = {},
): Promise<RunningWorker> {
  installRuntime('WARN', env);
  limitWorkflowStackFrames(env);
  const config = loadConnectConfig(env);
  const dir = ownerOnlyDataDir(env);
  const payloadKeys = loadKeyRing(env, dir);
  const workerKeys = loadWorkerKeyRing(env, dir);
  const dataConverter = createDataConverter(payloadKeys);
  const clientConnection = await Connection.connect(config.connectionOptions);
  const client = new Client({ connection: clientConnection, namespace: config.namespace, dataConverter });
  try {
    const keys = await checkDeploymentKeys(client, payloadKeys, workerKeys, { record: true });
    if (keys.problems.length > 0) throw new DeploymentKeysMismatch(keys);
  } catch (error) {
    await clientConnection.close();
    throw error;
  }
  const [nativeConnection, workflowBundle] = await Promise.all([
    NativeConnection.connect(config.connectionOptions),
    prebuilt ?? bundleWorkflows(),
  ]);
  const { activities, sinks, close } = createActivities({
    client,
    dataDir: dir,
    delivery: loadDeliveryConfig(env, dir),
    workerKeys,
  });
  const worker = await Worker.create({
    connection: nativeConnection,
    namespace: config.namespace,
    taskQueue,
    dataConverter,
    workflowBundle,
    activities,
    sinks,
  });
  const done = worker.run().finally(async () => {
    await close();
    await clientConnection.close();
    await nativeConnection.close();
  });
  return {
    worker,
    done,
    async shutdown() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await done;
    },
  };
}
