// The typed module outside systems import: reports go through the workflow contract, checked first.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EaError } from '../../client/ea-service.js';
import { reportFound, reportLost } from '../../client/system-reports.js';
import { listOutbox } from '../../activities/delivery/outbox.js';
import { reportLostSignal, tokenWorkflowId } from '../../workflows/contract.js';
import { finishedActivities } from '../delivery/delivery-attempts.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { operator, userWithToken } from '../support/scenario.js';

let product: ProductEnv;
beforeAll(async () => {
  product = await createProductEnv();
});
afterAll(async () => {
  await product?.teardown();
});

it('reports a token lost and found as a system; codes go to the user, not the caller', async () => {
  const { serial } = await userWithToken(product.service);
  await reportLost(product.client, serial, { requestId: 'asset-7', reason: 'temporarily-unavailable', origin: 'system', actor: 'asset-mgmt' });
  await expect.poll(async () => (await product.service.status(serial)).state).toBe('emergency');
  await expect.poll(async () => (await product.service.audit(serial)).map((r) => r.type)).toContain('message-delivered');
  await reportFound(product.client, serial, { requestId: 'asset-8', origin: 'system', actor: 'asset-mgmt' });
  await expect.poll(async () => (await product.service.status(serial)).state).toBe('active');
});

it('refuses a malformed report before sending it', async () => {
  const { serial } = await userWithToken(product.service);
  const bad = { requestId: 'x', reason: 'stolen', origin: 'system', actor: 'a' } as unknown as Parameters<typeof reportLost>[2];
  const error = await reportLost(product.client, serial, bad).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(EaError);
  expect((error as EaError).message).toMatch(/reason/);
  expect((await product.service.audit(serial)).map((r) => r.type)).not.toContain('input-rejected');
});

it('sends a signalled loss\'s codes to the contact the user has now, without looking the user up then', async () => {
  const { userId, serial } = await userWithToken(product.service);
  // The token learns its user's record once, after assignment.
  await expect.poll(async () => (await finishedActivities(product.client, serial, 'lookupUser')).length).toBe(1);
  await product.service.putUser({ id: userId, email: `${userId}@moved.example.com` }, operator);
  await product.client.workflow.getHandle(tokenWorkflowId(serial)).signal(reportLostSignal, { requestId: `moved-${serial}`, reason: 'temporarily-unavailable', origin: 'system', actor: 'asset-mgmt' });
  const codesMessage = async () => (await listOutbox(product.dataDir)).find((m) => m.subject.startsWith('Your emergency codes') && m.subject.includes(serial));
  await expect.poll(codesMessage, { timeout: 15_000 }).toMatchObject({ to: `${userId}@moved.example.com` });
  expect(await finishedActivities(product.client, serial, 'lookupUser')).toHaveLength(1);
});
