// Lifetimes are durable timers (spec §3): on the time-skipping server, every reason × found-token
// rule × kind reaches the end of its EA, plus found reports, the ending-soon notice, replacement
// window and token expiry. (The timer that fires with no worker running: no-worker-timer.test.ts.)
import { writeFileSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import { reportFoundSignal, tokenWorkflowId } from '../../contract/messages.js';
import { createTimeSkippingHarness, type TimeSkippingHarness } from '../support/time-skipping.js';
import { PIN, operator, tokenCode, userWithToken } from '../support/scenario.js';
import { REASONS, FOUND_RULES, type EaKind } from '../../domain/types.js';
import { replacementOath } from '../../client/replacement-oath.js';

let harness: TimeSkippingHarness;
let service: TemporalEaService;
const DAY = 86_400_000;

beforeAll(async () => {
  harness = await createTimeSkippingHarness();
  service = new TemporalEaService(harness.env.client, harness.dataDir, harness.signer);
});
afterAll(async () => {
  await harness?.teardown();
});

const now = () => harness.env.currentTimeMs();

/**
 * Saves the workflow's history as a replay fixture when RECORD_HISTORIES names the folder for this
 * version of the workflow code (e.g. RECORD_HISTORIES=pre-1.0).
 */
async function record(name: string, serial: string): Promise<void> {
  const version = process.env.RECORD_HISTORIES;
  if (!version) return;
  const history = await harness.env.client.workflow.getHandle(tokenWorkflowId(serial)).fetchHistory();
  const folder = new URL(`../fixtures/histories/${version}/`, import.meta.url);
  mkdirSync(folder, { recursive: true });
  // The workflow id is part of the name: replay must run under it (signatures bind it).
  writeFileSync(new URL(`${name}--${tokenWorkflowId(serial)}.json`, folder), historyToJSON(history));
}

describe.each(REASONS)('%s', (reason) => {
  describe.each(FOUND_RULES)('if found: %s', (rule) => {
    it.each<EaKind>(['temporary-fixed', 'one-time-set'])('%s ends when its lifetime does', async (kind) => {
      const { userId, serial } = await userWithToken(service, { now: await now() });
      const lost = await service.lost(serial, { reason, kind, ifFound: rule, lifetimeMs: DAY, count: 2 }, operator);
      await expect(service.authenticate(userId, PIN + lost.codes[0], serial)).resolves.toMatchObject({
        accepted: true,
      });
      const ownCode = await service.authenticate(userId, PIN + tokenCode(await now()), serial);
      expect(ownCode.accepted).toBe(rule === 'allow-and-end-emergency');
      if (rule === 'allow-and-end-emergency') return record(`${reason}-${rule}-${kind}`, serial);
      expect((await service.status(serial)).failures).toBe(0); // refused by the rule, not a failed attempt
      await harness.env.sleep(DAY + 60_000);
      const status = await service.status(serial);
      expect(status.state).toBe(rule === 'deny' ? 'emergency-lapsed' : 'active');
      await expect(service.authenticate(userId, PIN + lost.codes.at(-1), serial)).resolves.toMatchObject({
        accepted: false,
      });
      const after = await service.authenticate(userId, PIN + tokenCode(await now()), serial);
      expect(after.accepted).toBe(rule === 'allow-after-expiry');
      await record(`${reason}-${rule}-${kind}`, serial);
    });
  });
});

describe.each(REASONS)('found reports, %s', (reason) => {
  it.each(FOUND_RULES)(
    'if found: %s — a system report ends EA unless deny; an operator report always does',
    async (rule) => {
      const system = { origin: 'system' as const, actor: 'asset-mgmt' };
      const { serial } = await userWithToken(service, { now: await now() });
      await service.lost(serial, { reason, ifFound: rule }, operator);
      const workflowId = tokenWorkflowId(serial);
      const report = harness.signer.sign(workflowId, reportFoundSignal.name, {
        requestId: `found-${serial}`,
        ...system,
      });
      await harness.env.client.workflow.getHandle(workflowId).signal(reportFoundSignal, report);
      const expected = rule === 'deny' ? 'found-denied-by-rule' : 'emergency-ended';
      await expect
        .poll(async () => (await service.audit(serial)).map((r) => r.type), { timeout: 10_000 })
        .toContain(expected);
      expect((await service.status(serial)).state).toBe(rule === 'deny' ? 'emergency' : 'active');
      if (rule !== 'deny') await service.lost(serial, { reason, ifFound: rule }, operator);
      await expect(service.action(serial, 'found', operator)).resolves.toMatchObject({ state: 'active' });
    },
  );
});

it('notices the end coming, opens the replacement window, and expires the token', async () => {
  const { userId, serial } = await userWithToken(service, { now: await now(), expiresInDays: 40 });
  const lost = await service.lost(serial, { reason: 'temporarily-unavailable', lifetimeMs: 3 * DAY }, operator);
  expect((await service.status(serial)).replacementEligible).toBe(false);
  await harness.env.sleep(2 * DAY + 3_600_000); // past the 24 h notice
  await expect.poll(async () => (await service.audit(serial)).map((r) => r.type)).toContain('emergency-ending-soon');
  await harness.env.sleep(9 * DAY); // past expiry − 30 d
  expect((await service.status(serial)).replacementEligible).toBe(true);
  await expect(service.requestReplacement(serial, operator)).resolves.toMatchObject({ replacementRequested: true });
  await harness.env.sleep(30 * DAY);
  expect((await service.status(serial)).state).toBe('expired');
  await expect(service.authenticate(userId, PIN + tokenCode(await now()), serial)).resolves.toMatchObject({
    accepted: false,
  });
  expect(lost.codes).toHaveLength(1);
  await record('replacement-and-expiry', serial);
});

it('makes a permanently lost token eligible for replacement at once, and retires it on assignment', async () => {
  const { userId, serial } = await userWithToken(service, { now: await now() });
  await service.lost(serial, { reason: 'permanently-lost' }, operator);
  expect((await service.status(serial)).replacementEligible).toBe(true);
  const replacement = `${serial}R`;
  const retired = await service.replace(
    serial,
    {
      newSerial: replacement,
      oath: replacementOath('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP'),
      tokenExpiresAt: new Date((await now()) + 900 * DAY).toISOString(),
    },
    operator,
  );
  expect(retired).toMatchObject({ state: 'retired', replacedBy: replacement });
  expect((await service.getUser(userId))?.serials).toEqual([replacement]);
  expect((await service.status(replacement)).state).toBe('active');
  await record('replacement-assigned', serial);
});
