// A token's workflow continues as new when its history grows (the run's dev server suggests it
// after 200 events): state, audit trail and spent codes carry over, and nothing is lost or replayed.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tokenWorkflowId } from '../../contract/messages.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { PIN, operator, userWithToken } from '../support/scenario.js';

let product: ProductEnv;
beforeAll(async () => {
  product = await createProductEnv();
});
afterAll(async () => {
  await product?.teardown();
});

it('carries state, audit and spent one-time codes across runs', async () => {
  const { service, client } = product;
  const { userId, serial } = await userWithToken(service);
  const handle = client.workflow.getHandle(tokenWorkflowId(serial));
  const firstRun = (await handle.describe()).runId;

  const lost = await service.lost(serial, { reason: 'permanently-lost', kind: 'one-time-set', count: 10 }, operator);
  const [spent, ...unspent] = lost.codes;
  await expect(service.authenticate(userId, PIN + spent, serial)).resolves.toMatchObject({ accepted: true });
  const ATTEMPTS = 40; // each a rejected passcode, audited: well over 200 events in all
  for (let i = 0; i < ATTEMPTS; i++) {
    await service.authenticate(userId, `${PIN}wrong${i}`, serial);
    if (i % 5 === 4) await service.action(serial, 'unlock', operator); // stay below the lockout
  }

  await expect.poll(async () => (await handle.describe()).runId, { timeout: 20_000 }).not.toBe(firstRun);
  const status = await service.status(serial);
  expect(status).toMatchObject({ state: 'emergency', reason: 'permanently-lost', unusedCodes: unspent.length });
  await expect(service.authenticate(userId, PIN + spent, serial)).resolves.toMatchObject({ accepted: false });
  await expect(service.authenticate(userId, PIN + unspent[0], serial)).resolves.toMatchObject({ accepted: true });

  const audit = await service.audit(serial);
  expect(audit.filter((r) => r.type === 'emergency-started')).toHaveLength(1);
  expect(audit.filter((r) => r.type === 'auth-rejected').length).toBeGreaterThanOrEqual(ATTEMPTS);
  const sequence = audit.map((r) => Number(r.id.split(':').at(-1)));
  expect(sequence).toEqual([...sequence].sort((a, b) => a - b));
});
