// With nothing configured, e-mail and SMS go to `<dataDir>/outbox/` as `.eml` files.
import { mkdtempSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadDeliveryConfig } from './config.js';
import { createDeliveryActivities } from './deliver-activity.js';
import { createOutboxTransport } from './mail-transport.js';
import { listOutbox, outboxDir } from './outbox.js';
import { SMS_OUTBOX_SUBJECT } from './outbox-sms-sender.js';
import { sampleVars } from './testing/sample-vars.js';
import type { DeliveryRequest } from '../../contract/delivery.js';
import { generateWorkerKeyRing } from '../../worker/codec/worker-key.js';

let dataDir: string;
let delivery: ReturnType<typeof createDeliveryActivities>;
const vars = sampleVars();
const codesMail: DeliveryRequest = {
  messageId: 'token-S1-1',
  channel: 'email',
  to: 'ada@example.test',
  template: 'emergency-codes',
  vars,
};
const codeSms: DeliveryRequest = {
  messageId: 'token-S1-2',
  channel: 'sms',
  to: '+15551234567',
  template: 'on-demand-code',
  vars,
};

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ea-outbox-'));
  delivery = createDeliveryActivities(loadDeliveryConfig({}, dataDir), generateWorkerKeyRing());
});

afterAll(() => delivery.close());

it('lists nothing before the first message', async () => {
  expect(await listOutbox(dataDir)).toEqual([]);
});

it('writes e-mail and SMS as .eml files that the listing shows, newest last', async () => {
  expect(await delivery.deliverMessage(codesMail)).toMatchObject({ channel: 'email', transport: 'outbox' });
  expect(await delivery.deliverMessage(codeSms)).toMatchObject({ channel: 'sms', transport: 'outbox' });

  const listed = await listOutbox(dataDir);
  expect(listed).toMatchObject([
    { to: 'ada@example.test', subject: `Your emergency codes for token ${vars.serial}`, channel: 'email' },
    { to: '+15551234567', subject: SMS_OUTBOX_SUBJECT, channel: 'sms' },
  ]);
  expect(listed.map((entry) => entry.file)).toEqual([
    expect.stringMatching(/outbox\/\d{4}-\d\d-\d\dT\d\d-\d\d-\d\d\.\d{3}Z-token-S1-1\.eml$/),
    expect.stringMatching(/-token-S1-2\.eml$/),
  ]);
  expect(Date.parse(listed[0]!.at)).toBeGreaterThan(Date.now() - 60_000);

  // Owner-only: the files hold codes.
  expect((await stat(listed[0]!.file)).mode & 0o777).toBe(0o600);
  const mail = await simpleParser(await readFile(listed[0]!.file));
  expect(mail.messageId).toBe('<token-S1-1@ea.local>');
  expect(mail.text).toContain(vars.codes);
  const sms = await simpleParser(await readFile(listed[1]!.file));
  expect(sms.headers.get('x-ea-channel')).toBe('sms');
  expect(sms.text?.trim()).toBe(
    `${vars.code} is your code for token ${vars.serial}. Type it after your PIN. Valid once, for ${vars.lifetime}.`,
  );
});

it('rewrites the same file when a delivery is retried', async () => {
  const before = await readdir(outboxDir(dataDir));
  await delivery.deliverMessage(codesMail);
  await delivery.deliverMessage(codeSms);
  // Only finished files: the temp file of the atomic write is gone.
  expect(await readdir(outboxDir(dataDir))).toEqual(before);
  expect(await listOutbox(dataDir)).toHaveLength(2);
});

it('reads back folded and encoded subjects, as reworded templates may have them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ea-outbox-utf8-'));
  const subject = 'Notfallzugriff für Token 000123456789 gestartet – bitte prüfen Sie, ob Sie das selbst waren';
  await createOutboxTransport(dir, 'Notfall <it@corp.example>').send({
    messageId: 'de-1',
    to: 'jürgen@example.test',
    channel: 'email',
    subject,
    text: 'Hallo',
  });
  expect(await listOutbox(dir)).toMatchObject([{ subject, channel: 'email' }]);
});
