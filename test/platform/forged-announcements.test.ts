// Announcements from other workflows carry nothing to believe: a token that hears one reads the
// record from its owner. Sent the way an attacker would (the real `temporal` CLI), a burst of
// forged announcements must not buy one owner read each: reads coalesce, at most one waiting.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tokenWorkflowId } from '../../contract/messages.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { userWithToken } from '../support/scenario.js';
import { cliSignal } from '../support/temporal-cli.js';

let product: ProductEnv;
beforeAll(async () => {
  product = await createProductEnv();
});
afterAll(async () => {
  await product?.teardown();
});

/** The activities of `type` the token scheduled after its history's `from`-th event. */
async function scheduled(workflowId: string, type: string, from: number): Promise<number> {
  const history = await product.client.workflow.getHandle(workflowId).fetchHistory();
  return (history.events ?? [])
    .slice(from)
    .filter((event) => event.activityTaskScheduledEventAttributes?.activityType?.name === type).length;
}

it('a burst of forged policyChanged and userChanged costs one read of each, not one per signal', async () => {
  const { serial } = await userWithToken(product.service);
  const workflowId = tokenWorkflowId(serial);
  const handle = product.client.workflow.getHandle(workflowId);
  const policy = await product.service.policy();
  const before = (await handle.fetchHistory()).events!.length;
  // Well-formed, so each passes validation and asks for a read. The worker away: the signals wait in history and reach the token in one activation.
  await product.stopWorker();
  for (let i = 0; i < 8; i++) {
    expect(
      (await cliSignal(product.namespace, workflowId, 'policyChanged', { ...policy, version: 1000 + i })).code,
    ).toBe(0);
    expect((await cliSignal(product.namespace, workflowId, 'userChanged', { version: 1000 + i })).code).toBe(0);
  }
  await product.startWorker();
  await expect.poll(() => scheduled(workflowId, 'fetchPolicy', before), { timeout: 20_000 }).toBeGreaterThan(0);
  await expect.poll(() => scheduled(workflowId, 'lookupUser', before), { timeout: 20_000 }).toBeGreaterThan(0);
  await product.service.status(serial); // a query: the activation has been handled, reads included
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  expect(await scheduled(workflowId, 'fetchPolicy', before)).toBe(1);
  expect(await scheduled(workflowId, 'lookupUser', before)).toBe(1);
  const failed = (await handle.fetchHistory()).events!.filter((event) => event.workflowTaskFailedEventAttributes);
  expect(failed).toEqual([]);
});
