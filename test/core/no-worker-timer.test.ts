// A lifetime timer fires while no worker runs, on the run's dev server in real time (the policy's
// shortest lifetime is one minute): when a worker comes back, the EA has ended and its code is dead.
// (The time-skipping server cannot do this: a task nobody takes holds its clock.)
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { PIN, operator, userWithToken } from '../support/scenario.js';

const LIFETIME_MS = 60_000;

let product: ProductEnv;
beforeAll(async () => {
  product = await createProductEnv();
});
afterAll(async () => {
  await product?.teardown();
});

it('ends EA when a worker comes back after the lifetime timer fired', async () => {
  const { service } = product;
  const { userId, serial } = await userWithToken(service);
  const lost = await service.lost(serial, { reason: 'temporarily-unavailable', lifetimeMs: LIFETIME_MS }, operator);
  await product.stopWorker();
  await new Promise((resolve) => setTimeout(resolve, Date.parse(lost.expiresAt) - Date.now() + 2_000));
  await product.startWorker();
  await expect.poll(async () => (await service.status(serial)).state, { timeout: 30_000 }).toBe('active');
  await expect(service.authenticate(userId, PIN + lost.codes[0], serial)).resolves.toMatchObject({ accepted: false });
  expect((await service.audit(serial)).map((r) => r.type)).toContain('emergency-ended');
}, 150_000);
