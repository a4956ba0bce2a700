// The local-activity delivery over the real delivery activities: outbox messages are written,
// network channels are handed back untried, a bad request fails alone, and a write the disk
// refuses leaves that message and the outbox messages after it for the batch activity.
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import type { SmsConfig } from './config.js';
import { createDeliveryActivities } from './deliver-activity.js';
import { createLocalDelivery } from './deliver-locally.js';
import { outboxDir } from './outbox.js';
import { sampleVars } from './testing/sample-vars.js';
import type { DeliveryRequest } from '../../contract/delivery.js';
import { generateWorkerKeyRing } from '../../worker/codec/worker-key.js';

const queuedAt = '2026-11-30T10:00:00.000Z';
const email = (messageId: string, to = 'ada@example.test'): DeliveryRequest => ({
  messageId,
  queuedAt,
  channel: 'email',
  to,
  template: 'emergency-codes',
  vars: sampleVars(),
});
const sms = (messageId: string): DeliveryRequest => ({
  messageId,
  queuedAt,
  channel: 'sms',
  to: '+447700900123',
  template: 'emergency-started',
  vars: sampleVars(),
});

function localDelivery(options: { smtpUrl?: string; sms?: SmsConfig } = {}) {
  const dataDir = mkdtempSync(join(tmpdir(), 'ea-local-'));
  const activities = createDeliveryActivities(
    {
      dataDir,
      smtpUrl: options.smtpUrl ?? null,
      from: 'IT <it@corp.example>',
      sms: options.sms ?? { kind: 'outbox' },
    },
    generateWorkerKeyRing(),
  );
  return { dataDir, deliverLocally: createLocalDelivery(activities.deliverMessage, activities.transportFor) };
}

it('writes outbox messages, named by queue time, and delivers them as the outbox', async () => {
  const { dataDir, deliverLocally } = localDelivery();
  const outcomes = await deliverLocally([email('local-1'), sms('local-2')]);
  expect(outcomes).toMatchObject([
    { status: 'delivered', receipt: { channel: 'email', transport: 'outbox', messageId: 'local-1' } },
    { status: 'delivered', receipt: { channel: 'sms', transport: 'outbox', messageId: 'local-2' } },
  ]);
  expect(readdirSync(outboxDir(dataDir)).sort()).toEqual([
    '2026-11-30T10-00-00.000Z-local-1.eml',
    '2026-11-30T10-00-00.000Z-local-2.eml',
  ]);
});

it('hands back, untried, what this worker sends over the network', async () => {
  const { dataDir, deliverLocally } = localDelivery({
    smtpUrl: 'smtp://127.0.0.1:9',
    sms: { kind: 'http', url: 'http://127.0.0.1:9', account: 'a', token: 't', from: 'IT' },
  });
  expect(await deliverLocally([email('net-1'), sms('net-2')])).toEqual([
    { status: 'remote', messageId: 'net-1' },
    { status: 'remote', messageId: 'net-2' },
  ]);
  expect(() => readdirSync(outboxDir(dataDir))).toThrow(/ENOENT/);
});

it('fails a request it cannot render on its own, and writes the rest', async () => {
  const { deliverLocally } = localDelivery();
  const outcomes = await deliverLocally([email('bad-1', 'not an address'), email('bad-2')]);
  expect(outcomes).toMatchObject([
    { status: 'failed', messageId: 'bad-1', reason: expect.stringContaining('e-mail address') },
    { status: 'delivered' },
  ]);
});

it('leaves a message the disk refuses, and the outbox messages after it, pending for the batch activity', async () => {
  const { dataDir, deliverLocally } = localDelivery({
    sms: { kind: 'http', url: 'http://127.0.0.1:9', account: 'a', token: 't', from: 'IT' },
  });
  writeFileSync(outboxDir(dataDir), 'a file where the outbox folder should be');
  expect(await deliverLocally([email('disk-1'), sms('disk-2'), email('disk-3')])).toEqual([
    { status: 'pending', messageId: 'disk-1' },
    { status: 'remote', messageId: 'disk-2' },
    { status: 'pending', messageId: 'disk-3' },
  ]);
});
