// An on-demand code works within onDemand.codeLifetime and not after, on the time-skipping server
// (no real waiting); the code is read from the outbox message the user was sent.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import { createTimeSkippingHarness, type TimeSkippingHarness } from '../support/time-skipping.js';
import { PIN, operator, userWithToken } from '../support/scenario.js';
import { codesIn, outboxMailsFor } from './received.js';

const MINUTE = 60_000;
const LIFETIME = 60 * MINUTE; // onDemand.codeLifetime's default

let harness: TimeSkippingHarness;
let service: TemporalEaService;

beforeAll(async () => {
  harness = await createTimeSkippingHarness();
  service = new TemporalEaService(harness.env.client, harness.dataDir, harness.signer);
});
afterAll(async () => {
  await harness?.teardown();
});

/** Requests a code and waits for its message in the outbox; returns the code. */
async function requestCode(serial: string): Promise<string> {
  const mails = () =>
    outboxMailsFor(harness.dataDir, serial).then((all) =>
      all.filter((m) => /^Your on-demand code/.test(m.subject ?? '')),
    );
  const before = (await mails()).length;
  const { expiresAt } = await service.requestOnDemand(serial, operator);
  expect(Date.parse(expiresAt) - (await harness.env.currentTimeMs())).toBeLessThanOrEqual(LIFETIME);
  await expect.poll(async () => (await mails()).length, { timeout: 20_000, interval: 100 }).toBe(before + 1);
  const [code] = codesIn((await mails()).at(-1)!.text);
  return code!;
}

it('accepts an on-demand code just before its lifetime ends and rejects it just after', async () => {
  const { userId, serial } = await userWithToken(service, {
    onDemand: 'email',
    now: await harness.env.currentTimeMs(),
  });
  await service.lost(serial, { reason: 'temporarily-unavailable', kind: 'on-demand' }, operator);

  const early = await requestCode(serial);
  await harness.env.sleep(LIFETIME - 2 * MINUTE);
  await expect(service.authenticate(userId, PIN + early, serial)).resolves.toMatchObject({
    accepted: true,
    method: 'on-demand',
  });

  const late = await requestCode(serial);
  await harness.env.sleep(LIFETIME + MINUTE);
  await expect(service.authenticate(userId, PIN + late, serial)).resolves.toMatchObject({ accepted: false });
  expect((await service.status(serial)).onDemandCodeExpiresAt).toBeNull();
});
