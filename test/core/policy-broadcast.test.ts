// Issue #16 item 14: the policy broadcast never swallows a failed signal. A token it could not
// tell makes the activity fail, so Temporal retries it (the token also catches up by itself:
// policy-catch-up.test.ts); the tokens it could tell heard the change.
import { MockActivityEnvironment } from '@temporalio/testing';
import { Client } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createBroadcasts } from '../../activities/broadcasts.js';
import { tokenWorkflowId } from '../../contract/messages.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { userWithToken } from '../support/scenario.js';

let product: ProductEnv;
beforeAll(async () => {
  product = await createProductEnv();
});
afterAll(async () => {
  await product?.teardown();
});

it('fails (to be retried) when a running token could not be signalled, after telling the others', async () => {
  await userWithToken(product.service);
  const unlucky = await userWithToken(product.service);
  const running = async () => (await product.client.workflow.count(`WorkflowType = 'tokenWorkflow'`)).count;
  await expect.poll(running, { timeout: 10_000 }).toBeGreaterThanOrEqual(2);
  // The server refuses one signal, as it does when a workflow has too many pending or the network drops.
  const failing = new Client({
    connection: product.client.connection,
    namespace: product.namespace,
    dataConverter: product.client.options.dataConverter,
    interceptors: {
      workflow: [
        {
          async signal(input, next) {
            if (input.workflowExecution.workflowId === tokenWorkflowId(unlucky.serial))
              throw new Error('UNAVAILABLE: connection reset');
            return next(input);
          },
        },
      ],
    },
  });
  const policy = { ...(await product.service.policy()) };
  policy.version += 1;
  policy.tokenCode = { ...policy.tokenCode, setSize: policy.tokenCode.setSize + 1 };
  const broadcast = new MockActivityEnvironment().run(createBroadcasts(failing).broadcastPolicy, policy);
  await expect(broadcast).rejects.toThrow(new RegExp(`1 of \\d+ workflows could not be told .*${unlucky.serial}`));
});
