// A child process for runtime-logs.test.ts: the runtime as every product process installs it, then
// what `npm run bench` does on the time-skipping server (a worker with activities), which makes
// the SDK's core log a warning. Prints nothing itself: whatever reaches stdout came from the SDK.
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { existingPath } from '../../worker/binaries.js';
import { installRuntime } from '../../worker/runtime.js';

installRuntime();
const env = await TestWorkflowEnvironment.createTimeSkipping({
  server: { executable: existingPath('temporal-test-server') },
});
const worker = await Worker.create({
  connection: env.nativeConnection,
  taskQueue: 'core-log-child',
  activities: { noop: async () => undefined },
});
const running = worker.run();
await new Promise((resolve) => setTimeout(resolve, 300));
worker.shutdown();
await running;
await env.teardown();
