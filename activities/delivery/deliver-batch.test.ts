// The batch delivery activity over real SMTP (an in-process smtp-server), in a real activity
// context: order, per-message refusals, resuming from heartbeated progress, and what a transient
// failure does before and after something has gone out.
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MockActivityEnvironment } from '@temporalio/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDeliveryActivities } from './deliver-activity.js';
import { createBatchDelivery } from './deliver-batch.js';
import { outboxDir } from './outbox.js';
import { sampleVars } from './testing/sample-vars.js';
import { createSmtpReceiver } from './testing/smtp-receiver.js';
import type { DeliveryOutcome, DeliveryRequest } from '../../contract/delivery.js';
import { generateWorkerKeyRing } from '../../worker/codec/worker-key.js';

const receiver = createSmtpReceiver();
let delivery: ReturnType<typeof createDeliveryActivities>;
let deliverMessages: ReturnType<typeof createBatchDelivery>;

const email = (messageId: string, to = 'ada@example.test'): DeliveryRequest => ({
  messageId,
  channel: 'email',
  to,
  template: 'emergency-started',
  vars: sampleVars(),
});
const arrived = (prefix: string) =>
  receiver.inbox.map((mail) => mail.messageId ?? '').filter((id) => id.startsWith(`<${prefix}`));

/** Runs the activity, resuming from an earlier attempt's `heartbeatDetails`; collects its heartbeats. */
async function attempt(requests: DeliveryRequest[], heartbeatDetails?: DeliveryOutcome[], batch = deliverMessages) {
  const env = new MockActivityEnvironment({ heartbeatDetails });
  const heartbeats: DeliveryOutcome[][] = [];
  env.on('heartbeat', (details: DeliveryOutcome[]) => heartbeats.push(details));
  const outcomes: Promise<DeliveryOutcome[]> = env.run(batch, requests);
  return { outcomes, heartbeats };
}

beforeAll(async () => {
  const smtpUrl = await receiver.listen();
  delivery = createDeliveryActivities(
    {
      dataDir: mkdtempSync(join(tmpdir(), 'ea-batch-')),
      smtpUrl,
      from: 'IT <it@corp.example>',
      sms: { kind: 'outbox' },
    },
    generateWorkerKeyRing(),
  );
  deliverMessages = createBatchDelivery(delivery.deliverMessage);
});

afterAll(async () => {
  await delivery.close();
  await receiver.close();
});

it('sends the messages in order and heartbeats its progress after each', async () => {
  const { outcomes, heartbeats } = await attempt([email('order-1'), email('order-2')]);
  expect((await outcomes).map((o) => o.status)).toEqual(['delivered', 'delivered']);
  expect(arrived('order-')).toEqual(['<order-1@corp.example>', '<order-2@corp.example>']);
  expect(heartbeats.map((h) => h.length)).toEqual([1, 2]);
});

it('skips what an earlier attempt reported delivered', async () => {
  const first = await attempt([email('resume-1')]);
  const [done] = await first.outcomes;
  const { outcomes } = await attempt([email('resume-1'), email('resume-2')], [done!]);
  expect((await outcomes).map((o) => o.status)).toEqual(['delivered', 'delivered']);
  expect(arrived('resume-')).toEqual(['<resume-1@corp.example>', '<resume-2@corp.example>']);
});

it('reports a refused recipient as that message failing and carries on with the next', async () => {
  receiver.refuse.set('gone@example.test', 550);
  const { outcomes } = await attempt([email('refused-1', 'gone@example.test'), email('refused-2')]);
  const [refused, next] = await outcomes;
  expect(refused).toMatchObject({ status: 'failed', messageId: 'refused-1', reason: expect.stringContaining('550') });
  expect(next).toMatchObject({ status: 'delivered' });
});

it('throws a transient failure while nothing has gone out, so Temporal retries the whole batch', async () => {
  receiver.refuse.set('busy@example.test', 451);
  const { outcomes } = await attempt([email('busy-1', 'busy@example.test'), email('busy-2')]);
  await expect(outcomes).rejects.toThrow(/451/);
  expect(arrived('busy-')).toEqual([]);
});

it('hands back the rest as pending when a transient failure follows a delivery', async () => {
  receiver.refuse.set('later@example.test', 451);
  const { outcomes } = await attempt([email('later-1'), email('later-2', 'later@example.test'), email('later-3')]);
  expect((await outcomes).map((o) => o.status)).toEqual(['delivered', 'pending', 'pending']);
  expect(arrived('later-')).toEqual(['<later-1@corp.example>']);
});

it('sends to the outbox without heartbeats: an attempt again rewrites the same files, named by queue time', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ea-batch-outbox-'));
  const outbox = createDeliveryActivities(
    {
      dataDir,
      smtpUrl: null,
      from: 'IT <it@corp.example>',
      sms: { kind: 'outbox' },
    },
    generateWorkerKeyRing(),
  );
  const batch = createBatchDelivery(outbox.deliverMessage);
  const queuedAt = '2026-11-30T08:00:00.000Z';
  const requests = [
    { ...email('outbox-1'), queuedAt },
    { ...email('outbox-2'), queuedAt },
  ];
  for (let i = 0; i < 2; i++) {
    const { outcomes, heartbeats } = await attempt(requests, undefined, batch);
    expect((await outcomes).map((o) => o.status)).toEqual(['delivered', 'delivered']);
    expect(heartbeats).toEqual([]);
  }
  expect(readdirSync(outboxDir(dataDir)).sort()).toEqual([
    '2026-11-30T08-00-00.000Z-outbox-1.eml',
    '2026-11-30T08-00-00.000Z-outbox-2.eml',
  ]);
});
