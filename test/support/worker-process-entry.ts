// A product worker in a process of its own, wired as `ea worker` wires it (worker/start-worker.ts:
// server, namespace, data folder and keys from the environment), but on the run's prebuilt workflow
// bundle so a start costs no bundling. Tells its parent over IPC once it polls; "stop" drains it.
import { startWorker } from '../../worker/start-worker.js';

const running = await startWorker(process.env, {
  workflowBundle: { codePath: process.env.EA_TEST_WORKFLOW_BUNDLE! },
});
process.on('message', (message) => {
  if (message === 'stop') void running.shutdown();
});
process.send!('polling');
await running.done;
process.disconnect();
