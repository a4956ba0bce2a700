// Issue #18 item 4: each token's policy version is visible, and `ea doctor` names tokens left on an
// older one. Constructed as it happens: the server keeps refusing the worker's signal to one token,
// so the broadcast keeps retrying it and reports it; doctor names the token meanwhile. Once the
// signal gets through, the broadcast ends and no token is behind: none is missed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tokenWorkflowId } from '../../contract/messages.js';
import { policyVersions, policyVersionsMessage } from '../../cli/platform/policy-versions.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { refusingSignalsTo } from '../support/refusing-signals.js';
import { operator, userWithToken } from '../support/scenario.js';

let product: ProductEnv;
beforeAll(async () => {
  product = await createProductEnv();
}, 60_000);
afterAll(async () => {
  await product?.teardown();
});

it('names a token the broadcast could not tell, and tells it once the signal gets through', async () => {
  const { serial } = await userWithToken(product.service);
  const told = await userWithToken(product.service);
  const before = await product.service.policy();
  expect((await product.service.status(serial)).policyVersion).toBe(before.version);

  await product.stopWorker();
  await product.startWorker(refusingSignalsTo(product, tokenWorkflowId(serial)));
  const policy = await product.service.setPolicy({ 'tokenCode.setSize': '11' }, operator, { wait: false });
  expect(policy.version).toBe(before.version + 1);
  await expect
    .poll(() => product.service.broadcastProgress('ea-policy'), { timeout: 30_000, interval: 500 })
    .toMatchObject({ version: policy.version, state: 'running', failed: 1, failing: [tokenWorkflowId(serial)] });
  await expect
    .poll(async () => (await product.service.status(told.serial)).policyVersion, { timeout: 10_000 })
    .toBe(policy.version);
  await expect
    .poll(() => policyVersions(product.client), { timeout: 15_000, interval: 500 })
    .toEqual({ version: policy.version, behind: 1, serials: [serial], broadcasting: true });
  expect(policyVersionsMessage(await policyVersions(product.client))).toBe(
    `1 running token(s) on a policy older than version ${policy.version} (${serial}): the broadcast is telling them now`,
  );

  await product.restartWorker();
  await expect
    .poll(() => product.service.broadcastProgress('ea-policy'), { timeout: 60_000, interval: 1_000 })
    .toMatchObject({ version: policy.version, state: 'done', failed: 0 });
  await expect
    .poll(async () => (await product.service.status(serial)).policyVersion, { timeout: 10_000 })
    .toBe(policy.version);
  await expect
    .poll(async () => (await policyVersions(product.client))?.behind, { timeout: 15_000, interval: 500 })
    .toBe(0);
}, 150_000);
