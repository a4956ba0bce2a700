// Lifetimes are durable timers (spec §3): on the time-skipping server, every reason × found-token
// rule × kind reaches the end of its EA — once with a worker running, once with none while the
// timer fires — plus the ending-soon notice, replacement window and token expiry.
import { writeFileSync, mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import proto from '@temporalio/proto';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import { POLICY_WORKFLOW_ID, reportFoundSignal, tokenWorkflowId, userWorkflowId } from '../../workflows/contract.js';
import { createTimeSkippingHarness, type TimeSkippingHarness } from '../support/time-skipping.js';
import { PIN, operator, tokenCode, userWithToken } from '../support/scenario.js';
import { REASONS, FOUND_RULES, type EaKind } from '../../domain/types.js';

const { temporal } = proto;

let harness: TimeSkippingHarness;
let service: TemporalEaService;
const DAY = 86_400_000;

beforeAll(async () => {
  harness = await createTimeSkippingHarness();
  service = new TemporalEaService(harness.env.client, harness.dataDir);
});
afterAll(async () => {
  await harness?.teardown();
});

const now = () => harness.env.currentTimeMs();

/** Saves the workflow's history as a replay fixture when RECORD_HISTORIES is set. */
async function record(name: string, serial: string): Promise<void> {
  if (!process.env.RECORD_HISTORIES) return;
  const history = await harness.env.client.workflow.getHandle(tokenWorkflowId(serial)).fetchHistory();
  mkdirSync(new URL('../fixtures/histories/', import.meta.url), { recursive: true });
  writeFileSync(new URL(`../fixtures/histories/${name}.json`, import.meta.url), historyToJSON(history));
}

describe.each(REASONS)('%s', (reason) => {
  describe.each(FOUND_RULES)('if found: %s', (rule) => {
    it.each<EaKind>(['temporary-fixed', 'one-time-set'])('%s ends when its lifetime does', async (kind) => {
      const { userId, serial } = await userWithToken(service, { now: await now() });
      const lost = await service.lost(serial, { reason, kind, ifFound: rule, lifetimeMs: DAY, count: 2 }, operator);
      await expect(service.authenticate(userId, PIN + lost.codes[0], serial)).resolves.toMatchObject({ accepted: true });
      const ownCode = await service.authenticate(userId, PIN + tokenCode(await now()), serial);
      expect(ownCode.accepted).toBe(rule === 'allow-and-end-emergency');
      if (rule === 'allow-and-end-emergency') return record(`${reason}-${rule}-${kind}`, serial);
      expect((await service.status(serial)).failures).toBe(0); // refused by the rule, not a failed attempt
      await harness.env.sleep(DAY + 60_000);
      const status = await service.status(serial);
      expect(status.state).toBe(rule === 'deny' ? 'emergency-lapsed' : 'active');
      await expect(service.authenticate(userId, PIN + lost.codes.at(-1), serial)).resolves.toMatchObject({ accepted: false });
      const after = await service.authenticate(userId, PIN + tokenCode(await now()), serial);
      expect(after.accepted).toBe(rule === 'allow-after-expiry');
      await record(`${reason}-${rule}-${kind}`, serial);
    });
  });
});

describe.each(REASONS)('found reports, %s', (reason) => {
  it.each(FOUND_RULES)('if found: %s — a system report ends EA unless deny; an operator report always does', async (rule) => {
    const system = { origin: 'system' as const, actor: 'asset-mgmt' };
    const { serial } = await userWithToken(service, { now: await now() });
    await service.lost(serial, { reason, ifFound: rule }, operator);
    await harness.env.client.workflow.getHandle(tokenWorkflowId(serial)).signal(reportFoundSignal, { requestId: `found-${serial}`, ...system });
    const expected = rule === 'deny' ? 'found-denied-by-rule' : 'emergency-ended';
    await expect.poll(async () => (await service.audit(serial)).map((r) => r.type), { timeout: 10_000 }).toContain(expected);
    expect((await service.status(serial)).state).toBe(rule === 'deny' ? 'emergency' : 'active');
    if (rule !== 'deny') await service.lost(serial, { reason, ifFound: rule }, operator);
    await expect(service.action(serial, 'found', operator)).resolves.toMatchObject({ state: 'active' });
  });
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
  await expect(service.authenticate(userId, PIN + tokenCode(await now()), serial)).resolves.toMatchObject({ accepted: false });
  expect(lost.codes).toHaveLength(1);
  await record('replacement-and-expiry', serial);
});

it('makes a permanently lost token eligible for replacement at once, and retires it on assignment', async () => {
  const { userId, serial } = await userWithToken(service, { now: await now() });
  await service.lost(serial, { reason: 'permanently-lost' }, operator);
  expect((await service.status(serial)).replacementEligible).toBe(true);
  const replacement = `${serial}R`;
  const retired = await service.replace(serial, { newSerial: replacement, secretBase32: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', tokenExpiresAt: new Date((await now()) + 900 * DAY).toISOString() }, operator);
  expect(retired).toMatchObject({ state: 'retired', replacedBy: replacement });
  expect((await service.getUser(userId))?.serials).toEqual([replacement]);
  expect((await service.status(replacement)).state).toBe('active');
  await record('replacement-assigned', serial);
});

describe('with no worker running', () => {
  // A server of its own: this one restarts the worker (see TimeSkippingOptions).
  let quiet: TimeSkippingHarness;
  let quietService: TemporalEaService;
  beforeAll(async () => {
    quiet = await createTimeSkippingHarness({ restartsWorker: true });
    quietService = new TemporalEaService(quiet.env.client, quiet.dataDir);
  });
  afterAll(async () => {
    await quiet?.teardown();
  });

  it('fires the lifetime timer when a worker comes back', async () => {
    const { serial, userId } = await userWithToken(quietService, { now: await quiet.env.currentTimeMs() });
    const lost = await quietService.lost(serial, { reason: 'temporarily-unavailable', lifetimeMs: DAY }, operator);
    // Delivery still runs after the answer: a stopping worker waits for its activities, and a
    // task left in the queue would hold the test server's clock.
    const ids = [tokenWorkflowId(serial), userWorkflowId(userId), POLICY_WORKFLOW_ID];
    await expect.poll(() => pendingWork(quiet, ids), { timeout: 30_000 }).toBe(0);
    let skipping: Promise<void> | undefined;
    await quiet.withoutWorker(async () => {
      skipping = quiet.env.sleep(2 * DAY);
      // The server fires the timer with nobody polling; the task it schedules holds the clock there
      // until a worker takes it.
      await expect.poll(() => firedTimers(quiet, serial), { timeout: 30_000 }).toContain(DAY / 1000);
    });
    await skipping;
    await expect.poll(async () => (await quietService.status(serial)).state, { timeout: 30_000 }).toBe('active');
    await expect(quietService.authenticate(userId, PIN + lost.codes[0], serial)).resolves.toMatchObject({ accepted: false });
  });
});

/**
 * Activities and workflow tasks the workflows are waiting for. The test server's describe leaves
 * pendingWorkflowTask empty, so an open task is read off the end of the history.
 */
async function pendingWork(on: TimeSkippingHarness, workflowIds: string[]): Promise<number> {
  const { EVENT_TYPE_WORKFLOW_TASK_SCHEDULED, EVENT_TYPE_WORKFLOW_TASK_STARTED } = temporal.api.enums.v1.EventType;
  const counts = await Promise.all(
    workflowIds.map(async (id) => {
      const handle = on.env.client.workflow.getHandle(id);
      const [{ raw }, { events }] = await Promise.all([handle.describe(), handle.fetchHistory()]);
      const last = events?.at(-1)?.eventType;
      const openTask = last === EVENT_TYPE_WORKFLOW_TASK_SCHEDULED || last === EVENT_TYPE_WORKFLOW_TASK_STARTED;
      return (raw.pendingActivities?.length ?? 0) + (openTask ? 1 : 0);
    }),
  );
  return counts.reduce((a, b) => a + b, 0);
}

/** Durations in whole seconds of the token workflow's timers that have fired. */
async function firedTimers(on: TimeSkippingHarness, serial: string): Promise<number[]> {
  const events = (await on.env.client.workflow.getHandle(tokenWorkflowId(serial)).fetchHistory()).events ?? [];
  const started = new Map(events.flatMap((e) => (e.timerStartedEventAttributes ? [[e.eventId?.toString(), e.timerStartedEventAttributes]] : [])));
  return events.flatMap((e) => {
    const fired = e.timerFiredEventAttributes;
    const timer = fired && started.get(fired.startedEventId?.toString());
    return timer ? [Math.round(Number(timer.startToFireTimeout?.seconds ?? 0) / 60) * 60] : [];
  });
}
