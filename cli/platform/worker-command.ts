// `ea worker`: the worker in the foreground; Ctrl-C drains it and stops. In the embedded default
// (no TEMPORAL_ADDRESS) it then makes sure the data folder's admin key is registered.
import { hasExternalServer, loadConnectConfig } from '../../worker/connection-config.js';
import { DeploymentKeysMismatch } from '../../worker/deployment-keys.js';
import { startWorker, type RunningWorker } from '../../worker/start-worker.js';
import { TASK_QUEUE } from '../../contract/messages.js';
import { bootstrapEmbeddedAdmin, describeBootstrap } from './bootstrap-admin.js';
import { untilSignal } from './server-command.js';

export async function runWorkerCommand(): Promise<number> {
  let running: RunningWorker;
  try {
    running = await startWorker();
  } catch (error) {
    if (!(error instanceof DeploymentKeysMismatch)) throw error;
    console.error(error.message); // a refusal with its reasons, not a crash
    return 1;
  }
  const { connectionOptions, namespace } = loadConnectConfig();
  const stop = untilSignal(); // before the line that tells `ea start` we are up
  console.log(
    `Worker polling task queue ${TASK_QUEUE} on ${connectionOptions.address} (namespace ${namespace}). Ctrl-C stops it.`,
  );
  if (!hasExternalServer(process.env)) {
    // The registry's update needs a worker: this one, now polling.
    await bootstrapEmbeddedAdmin(process.env).then(
      (result) => {
        const line = describeBootstrap(result);
        if (line) console.log(line);
      },
      (error: unknown) => console.error(`Could not register the admin key: ${(error as Error).message}`),
    );
  }
  await Promise.race([stop, running.done]);
  await running.shutdown();
  return 0;
}
