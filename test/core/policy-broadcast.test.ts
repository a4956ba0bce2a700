// Issue #18 item 4: broadcasts that are durable, observable and miss no workflow. A policy change
// reaches a few hundred running tokens with its progress visible on the policy workflow; a page
// whose activity is cut off mid-way resumes from its heartbeat and tells every workflow; a workflow
// that could not be told is reported, not swallowed (issue #16 item 14). Besides the tokens, a
// registry broadcast also tells the policy workflow: one more than the fleet.
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBroadcasts, type BroadcastMessage, type BroadcastPage } from '../../activities/broadcasts.js';
import { statusQuery, TASK_QUEUE, tokenWorkflowId, type BroadcastProgress } from '../../contract/messages.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { refusingSignalsTo } from '../support/refusing-signals.js';
import { operator } from '../support/scenario.js';

const FLEET = 300;
const ids = Array.from({ length: FLEET }, (_, i) => tokenWorkflowId(`BC${String(i).padStart(4, '0')}`));

let product: ProductEnv;
beforeAll(async () => {
  product = await createProductEnv();
  // Token workflows as an import starts them, before any is assigned.
  for (let i = 0; i < FLEET; i += 50)
    await Promise.all(
      ids
        .slice(i, i + 50)
        .map((workflowId) =>
          product.client.workflow.start('tokenWorkflow', { workflowId, taskQueue: TASK_QUEUE, args: [{}] }),
        ),
    );
  const listed = async () =>
    (await product.client.workflow.count(`WorkflowType = 'tokenWorkflow' AND ExecutionStatus = 'Running'`)).count;
  while ((await listed()) < FLEET) await new Promise((resolve) => setTimeout(resolve, 200));
  // Each has started (read the policy) once a query gets through to it: the worker is idle again.
  for (let i = 0; i < FLEET; i += 25)
    await Promise.all(
      ids.slice(i, i + 25).map((id) =>
        product.client.workflow
          .getHandle(id)
          .query(statusQuery)
          .catch(() => null),
      ),
    );
}, 120_000);
afterAll(async () => {
  await product?.teardown();
});

/** How many `name` signals each workflow received. */
async function signalsReceived(name: string): Promise<number[]> {
  return Promise.all(
    ids.map(async (workflowId) => {
      const history = await product.client.workflow.getHandle(workflowId).fetchHistory();
      return (history.events ?? []).filter((e) => e.workflowExecutionSignaledEventAttributes?.signalName === name)
        .length;
    }),
  );
}

it('tells every running token of a policy change, with its progress on the policy workflow', async () => {
  const readings: BroadcastProgress[] = [];
  const policy = await product.service.setPolicy({ 'tokenCode.setSize': '11' }, operator, {
    onProgress: (progress) => readings.push(progress),
  });
  const last = readings.at(-1)!;
  expect(last).toMatchObject({ version: policy.version, state: 'done', failed: 0, failing: [] });
  expect(last.done).toBeGreaterThanOrEqual(FLEET);
  expect(last.total).toBeGreaterThanOrEqual(FLEET);
  expect(await product.service.broadcastProgress('ea-policy')).toEqual(last);
  expect((await signalsReceived('policyChanged')).filter((n) => n !== 1)).toEqual([]);
}, 120_000);

it('resumes a page cut off mid-way from its heartbeat, and tells every workflow', async () => {
  const broadcasts = createBroadcasts(product.client);
  const message: BroadcastMessage = { kind: 'principals', version: 1 };
  const first = new MockActivityEnvironment();
  let heartbeat: unknown;
  first.on('heartbeat', (details: { told: number }) => {
    heartbeat = details;
    if (details.told >= FLEET / 3) first.cancel();
  });
  await expect(first.run(broadcasts.broadcastPage, message, null, 2 * FLEET)).rejects.toThrow();
  const cutAt = (heartbeat as { told: number }).told;
  expect(cutAt).toBeLessThan(FLEET);

  const retried = new MockActivityEnvironment({ heartbeatDetails: heartbeat });
  const result: BroadcastPage = await retried.run(broadcasts.broadcastPage, message, null, 2 * FLEET);
  // The policy workflow hears of the registry too.
  expect(result).toEqual({ next: null, told: FLEET + 1, failed: [] });
  const received = await signalsReceived('principalsChanged');
  expect(received.filter((n) => n === 0)).toEqual([]);
  // The retry started where the heartbeat said: of what the first attempt told, only those past its
  // last heartbeat's contiguous run (in flight, or done out of order) went twice.
  expect(received.filter((n) => n > 1).length).toBeLessThan(cutAt);
}, 120_000);

it('reports a workflow it could not tell after telling the others, so the workflow retries it', async () => {
  const unlucky = ids[7]!;
  // The server refuses one signal, as it does when a workflow has too many pending or the network drops.
  const failing = refusingSignalsTo(product, unlucky);
  const result = await new MockActivityEnvironment().run(
    createBroadcasts(failing).broadcastPage,
    { kind: 'principals', version: 1 } as BroadcastMessage,
    null,
  );
  expect(result).toEqual({ next: null, told: FLEET, failed: [unlucky] });
}, 60_000);
