// `ea worker`: the worker in the foreground; Ctrl-C drains it and stops.
import { loadConnectConfig } from '../../worker/connection-config.js';
import { startWorker } from '../../worker/start-worker.js';
import { TASK_QUEUE } from '../../contract/messages.js';
import { untilSignal } from './server-command.js';

export async function runWorkerCommand(): Promise<number> {
  const running = await startWorker();
  const { connectionOptions, namespace } = loadConnectConfig();
  const stop = untilSignal(); // before the line that tells `ea start` we are up
  console.log(
    `Worker polling task queue ${TASK_QUEUE} on ${connectionOptions.address} (namespace ${namespace}). Ctrl-C stops it.`,
  );
  await Promise.race([stop, running.done]);
  await running.shutdown();
  return 0;
}
