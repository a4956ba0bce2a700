// The typed module outside systems import: reports go through the workflow contract, checked first,
// and signed by the system's own principal.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EaError } from '../../client/ea-service.js';
import type { Signer } from '../../client/signer.js';
import { reportFound, reportLost } from '../../client/system-reports.js';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { listOutbox, outboxDir } from '../../activities/delivery/outbox.js';
import { finishedActivities, localActivities, pendingActivities } from '../delivery/delivery-attempts.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { registeredSigner } from '../support/principals.js';
import { operator, userWithToken } from '../support/scenario.js';

let product: ProductEnv;
/** The asset-management system: a principal with the `system` role. */
let assetManagement: Signer;
beforeAll(async () => {
  product = await createProductEnv();
  assetManagement = await registeredSigner(product, 'asset-mgmt', ['system']);
});
afterAll(async () => {
  await product?.teardown();
});

it('reports a token lost and found as a system; codes go to the user, not the caller', async () => {
  const { serial } = await userWithToken(product.service);
  await reportLost(product.client, assetManagement, serial, {
    requestId: 'asset-7',
    reason: 'temporarily-unavailable',
    origin: 'system',
  });
  await expect.poll(async () => (await product.service.status(serial)).state).toBe('emergency');
  await expect
    .poll(async () => (await product.service.audit(serial)).map((r) => r.type))
    .toContain('message-delivered');
  await reportFound(product.client, assetManagement, serial, { requestId: 'asset-8', origin: 'system' });
  await expect.poll(async () => (await product.service.status(serial)).state).toBe('active');
  const reports = (await product.service.audit(serial)).filter((r) =>
    ['emergency-started', 'emergency-ended'].includes(r.type),
  );
  expect(reports.map((r) => [r.type, r.actor, r.origin])).toEqual([
    ['emergency-started', 'asset-mgmt', 'system'],
    ['emergency-ended', 'asset-mgmt', 'system'],
  ]);
});

it('refuses a malformed report before sending it', async () => {
  const { serial } = await userWithToken(product.service);
  const bad = { requestId: 'x', reason: 'stolen', origin: 'system' } as unknown as Parameters<typeof reportLost>[3];
  const error = await reportLost(product.client, assetManagement, serial, bad).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(EaError);
  expect((error as EaError).message).toMatch(/reason/);
  expect((await product.service.audit(serial)).map((r) => r.type)).not.toContain('input-rejected');
});

it("sends a signalled loss's codes to the contact the user has now, without looking the user up then", async () => {
  const { userId, serial } = await userWithToken(product.service);
  // The token learns its user's record once, after assignment.
  await expect.poll(async () => (await finishedActivities(product.client, serial, 'lookupUser')).length).toBe(1);
  await product.service.putUser({ id: userId, email: `${userId}@moved.example.com` }, operator);
  await reportLost(product.client, assetManagement, serial, {
    requestId: `moved-${serial}`,
    reason: 'temporarily-unavailable',
    origin: 'system',
  });
  const codesMessage = async () =>
    (await listOutbox(product.dataDir)).find(
      (m) => m.subject.startsWith('Your emergency codes') && m.subject.includes(serial),
    );
  await expect.poll(codesMessage, { timeout: 15_000 }).toMatchObject({ to: `${userId}@moved.example.com` });
  // Once after assignment, once when the user workflow announced the change: the token reads the
  // record from its owner rather than believe a signal; the loss itself looked nothing up.
  expect(await finishedActivities(product.client, serial, 'lookupUser')).toHaveLength(2);
});

/** A token whose workflow knows its user, so a signalled loss sends at once. */
async function tokenReadyForSignals() {
  const { serial } = await userWithToken(product.service);
  await expect.poll(async () => (await finishedActivities(product.client, serial, 'lookupUser')).length).toBe(1);
  return serial;
}

const signalLost = (serial: string) =>
  reportLost(product.client, assetManagement, serial, {
    requestId: `local-${serial}`,
    reason: 'temporarily-unavailable',
    origin: 'system',
  });

const deliveredToOutbox = async (serial: string) =>
  (await product.service.audit(serial)).filter((r) => r.type === 'message-delivered').map((r) => r.detail);
const BOTH_IN_OUTBOX = [
  { template: 'emergency-codes', channel: 'email', transport: 'outbox' },
  { template: 'emergency-started', channel: 'email', transport: 'outbox' },
];

it("writes a signalled loss's messages to the outbox in a local activity, with no activity task", async () => {
  const serial = await tokenReadyForSignals();
  await signalLost(serial);
  await expect.poll(() => deliveredToOutbox(serial), { timeout: 15_000 }).toEqual(BOTH_IN_OUTBOX);
  const subjects = (await listOutbox(product.dataDir))
    .map((m) => m.subject)
    .filter((subject) => subject.includes(serial));
  expect(subjects.sort()).toEqual([
    `Emergency access started for token ${serial}`,
    `Your emergency codes for token ${serial}`,
  ]);
  // The PIN came hashed by the client: the loss's codes, then their delivery.
  expect(await localActivities(product.client, serial)).toEqual(['generateCodes', 'deliverLocally']);
  // Only the reads at assignment (the policy, the registry, the user) went through activity tasks.
  expect((await finishedActivities(product.client, serial)).map((a) => a.activityType)).toEqual([
    'fetchPolicy',
    'fetchPrincipals',
    'lookupUser',
  ]);
});

it('hands messages the outbox refused to the batch activity, which retries until they are written', async () => {
  const serial = await tokenReadyForSignals();
  const dir = outboxDir(product.dataDir);
  renameSync(dir, `${dir}.aside`);
  writeFileSync(dir, 'a file where the outbox folder should be');
  try {
    await signalLost(serial);
    const retrying = async () =>
      (await pendingActivities(product.client, serial)).some(
        (a) => a.activityType === 'deliverMessages' && a.lastFailure !== null,
      );
    await expect.poll(retrying, { timeout: 15_000 }).toBe(true);
  } finally {
    rmSync(dir);
    renameSync(`${dir}.aside`, dir);
  }
  await expect.poll(() => deliveredToOutbox(serial), { timeout: 30_000 }).toEqual(BOTH_IN_OUTBOX);
  expect(await localActivities(product.client, serial)).toContain('deliverLocally');
  const [batch] = await finishedActivities(product.client, serial, 'deliverMessages');
  expect(batch).toMatchObject({ outcome: 'completed', attempt: expect.any(Number) });
  expect(batch!.attempt).toBeGreaterThan(1);
});
