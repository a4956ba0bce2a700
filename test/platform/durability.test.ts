// The embedded server keeps state in SQLite: a workflow and its durable timer survive the worker
// and the server stopping, and the timer fires after both come back on the same file.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { startDevServer } from '../../worker/dev-server.js';
import { connectClient, createWorker, uniqueId } from '../support/temporal.js';
import { fixtureTimerWorkflow } from '../support/fixture-workflows.js';
import { freePort } from '../support/free-port.js';

it('keeps a workflow and fires its timer across a worker and server restart', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ea-durable-'));
  const port = await freePort();
  const taskQueue = uniqueId('durable');
  const workflowId = uniqueId('durable');

  let server = await startDevServer({ dataDir, port, headless: true });
  let { worker, connection } = await createWorker({ taskQueue, bundle: 'fixture', address: server.address });
  let running = worker.run();
  let client = await connectClient(server.address);
  await client.workflow.start(fixtureTimerWorkflow, { taskQueue, workflowId, args: [4_000] });
  await client.connection.close();
  worker.shutdown();
  await running;
  await connection.close();
  await server.stop();

  // Everything is down while the timer comes due.
  await new Promise((r) => setTimeout(r, 5_000));

  server = await startDevServer({ dataDir, port, headless: true });
  ({ worker, connection } = await createWorker({ taskQueue, bundle: 'fixture', address: server.address }));
  running = worker.run();
  client = await connectClient(server.address);
  try {
    await expect(client.workflow.getHandle(workflowId).result()).resolves.toBe('timer-fired');
  } finally {
    await client.connection.close();
    worker.shutdown();
    await running;
    await connection.close();
    await server.stop();
  }
});
