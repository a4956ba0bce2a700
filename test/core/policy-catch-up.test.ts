// Issue #16 item 14: a token that missed a policy broadcast catches up. The time-skipping server
// has no visibility, so the broadcast reaches no token there: exactly a token that missed it.
// When the token next decides (here: an emergency), it re-reads the policy from the policy
// workflow if its copy may be out of date.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import { createTimeSkippingHarness, type TimeSkippingHarness } from '../support/time-skipping.js';
import { operator, userWithToken } from '../support/scenario.js';

let harness: TimeSkippingHarness;
let service: TemporalEaService;

beforeAll(async () => {
  harness = await createTimeSkippingHarness();
  service = new TemporalEaService(harness.env.client, harness.dataDir, harness.signer);
});
afterAll(async () => {
  await harness?.teardown();
});

it('a token that missed a policy change decides under the new policy', async () => {
  const { serial } = await userWithToken(service, { now: await harness.env.currentTimeMs() });
  const before = (await service.policy()).tokenCode.setSize;
  await service.setPolicy({ 'tokenCode.setSize': String(before + 3) }, operator);
  await harness.env.sleep(2 * 3_600_000);
  const lost = await service.lost(serial, { reason: 'temporarily-unavailable', kind: 'one-time-set' }, operator);
  expect(lost.codes).toHaveLength(before + 3);
});
