// The worker under test, in a process of its own (as in production) so its memory is measured
// alone and the load generator does not share its event loop: the product's worker with the real
// activities delivering to the outbox, and the bare worker beside it. Driven over IPC by
// worker-child.ts.
import { loadWorkerKeyRing } from '../worker/codec/worker-key.js';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { createActivities } from '../activities/create-activities.js';
import { createDataConverter } from '../worker/codec/data-converter.js';
import { loadKeyRing } from '../worker/codec/encryption-keys.js';
import { installRuntime } from '../worker/runtime.js';
import { limitWorkflowStackFrames } from '../worker/workflow-stack-frames.js';
import { TASK_QUEUE } from '../contract/messages.js';
import { createBareActivities } from './bare-activities.js';
import { BARE_TASK_QUEUE } from './bare-workflows.js';
import type { WorkerProcessConfig, WorkerReply, WorkerRequest } from './worker-protocol.js';

const config = JSON.parse(process.env.BENCH_WORKER ?? '{}') as WorkerProcessConfig;
const reply = (message: WorkerReply) => process.send!(message);

async function main(): Promise<void> {
  installRuntime();
  // As the product's worker does (worker/start-worker.ts), for both workers here.
  limitWorkflowStackFrames();
  const dataConverter = createDataConverter(loadKeyRing(process.env, config.dataDir));
  const [native, connection] = await Promise.all([
    NativeConnection.connect({ address: config.address }),
    Connection.connect({ address: config.address }),
  ]);
  const client = new Client({ connection, dataConverter });
  const delivery = {
    dataDir: config.dataDir,
    smtpUrl: null,
    from: 'Emergency Access <ea@bench.local>',
    sms: { kind: 'outbox' as const },
  };
  const { activities, sinks, close } = createActivities({
    client,
    dataDir: config.dataDir,
    delivery,
    workerKeys: loadWorkerKeyRing(process.env, config.dataDir),
  });
  const product = await Worker.create({
    connection: native,
    taskQueue: TASK_QUEUE,
    dataConverter,
    workflowBundle: { codePath: config.productBundle },
    activities,
    sinks,
  });
  const bare = await Worker.create({
    connection: native,
    taskQueue: BARE_TASK_QUEUE,
    dataConverter,
    workflowBundle: { codePath: config.bareBundle },
    activities: createBareActivities(config.bareOutboxDir),
  });
  const running = Promise.all([product.run(), bare.run()]);

  process.on('message', (request: WorkerRequest) => {
    if (request.type === 'memory') {
      global.gc?.();
      const { rss, heapUsed } = process.memoryUsage();
      reply({ type: 'memory', rssBytes: rss, heapUsedBytes: heapUsed });
    } else if (request.type === 'stop') {
      product.shutdown();
      bare.shutdown();
    }
  });
  reply({ type: 'ready' });
  await running;
  await close();
  await connection.close();
  await native.close();
  process.disconnect();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
