// Delivery over real SMTP to an in-process smtp-server: what arrives, and how refusals are classified.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDeliveryActivities } from './deliver-activity.js';
import { DELIVERY_INVALID_REQUEST, DELIVERY_PERMANENT } from './delivery-failures.js';
import { sampleVars, SECRET_TEMPLATES, secretsIn } from './testing/sample-vars.js';
import { createSmtpReceiver } from './testing/smtp-receiver.js';
import { type DeliveryRequest, TEMPLATE_NAMES } from '../../contract/delivery.js';
import { generateWorkerKeyRing } from '../../worker/codec/worker-key.js';

const receiver = createSmtpReceiver();
let delivery: ReturnType<typeof createDeliveryActivities>;
const vars = sampleVars();
const email = (messageId: string, overrides: Partial<DeliveryRequest> = {}): DeliveryRequest => ({
  messageId,
  channel: 'email',
  to: 'ada@example.test',
  template: 'emergency-started',
  vars,
  ...overrides,
});
const received = (messageId: string): ParsedMail[] =>
  receiver.inbox.filter((mail) => mail.messageId === `<${messageId}@corp.example>`);

beforeAll(async () => {
  const smtpUrl = await receiver.listen();
  const dataDir = mkdtempSync(join(tmpdir(), 'ea-smtp-'));
  delivery = createDeliveryActivities(
    {
      dataDir,
      smtpUrl,
      from: 'IT <it@corp.example>',
      sms: { kind: 'email-gateway', domain: 'sms.example.net' },
    },
    generateWorkerKeyRing(),
  );
});

afterAll(async () => {
  await delivery.close();
  await receiver.close();
});

it('delivers every template, parsed back with subject, text and HTML', async () => {
  for (const template of TEMPLATE_NAMES) {
    const receipt = await delivery.deliverMessage(email(`tpl-${template}`, { template }));
    expect(receipt).toMatchObject({
      channel: 'email',
      to: 'ada@example.test',
      transport: 'smtp',
      messageId: `tpl-${template}`,
    });
    const [mail, ...more] = received(`tpl-${template}`);
    expect(more, template).toHaveLength(0);
    expect(mail!.subject, template).toContain(vars.serial);
    expect(mail!.text, template).toContain(vars.serial);
    expect(mail!.html, template).toContain(vars.serial);
    expect(mail!.headers.get('x-ea-channel')).toBe('email');
    for (const secret of secretsIn(vars)) expect(mail!.subject, template).not.toContain(secret);
    if (SECRET_TEMPLATES.includes(template)) {
      expect(mail!.text).toContain(vars.code);
      expect(mail!.html).toContain(vars.code);
    }
  }
  for (const template of ['emergency-started', 'emergency-ended'] as const) {
    expect(received(`tpl-${template}`)[0]!.text).toContain('If this was not you, call the help desk.');
  }
  expect(received('tpl-emergency-codes')[0]!.text).toContain(vars.codes);
});

it('sends SMS through the e-mail gateway to the digits of the number', async () => {
  const receipt = await delivery.deliverMessage({
    messageId: 'sms-1',
    channel: 'sms',
    to: '+15551234567',
    template: 'on-demand-code',
    vars,
  });
  expect(receipt.transport).toBe('email-gateway');
  const [mail] = received('sms-1');
  expect(mail!.to).toMatchObject({ text: '15551234567@sms.example.net' });
  expect(mail!.subject).toBeUndefined();
  expect(mail!.text?.trim()).toMatch(new RegExp(`^${vars.code} is your code for token ${vars.serial}`));
});

it('gives up on a recipient refused with 550', async () => {
  receiver.refuse.set('gone@example.test', 550);
  const failure = delivery.deliverMessage(email('refused-550', { to: 'gone@example.test' }));
  await expect(failure).rejects.toBeInstanceOf(ApplicationFailure);
  await expect(failure).rejects.toMatchObject({ nonRetryable: true, type: DELIVERY_PERMANENT });
});

it('leaves a recipient deferred with 451 to the retry policy', async () => {
  receiver.refuse.set('busy@example.test', 451);
  const failure = delivery.deliverMessage(email('deferred-451', { to: 'busy@example.test' }));
  await expect(failure).rejects.toMatchObject({ code: 'EENVELOPE', responseCode: 451 });
  await expect(failure).rejects.not.toBeInstanceOf(ApplicationFailure);
  // The pooled connection survives the refusal.
  receiver.refuse.delete('busy@example.test');
  await delivery.deliverMessage(email('deferred-451', { to: 'busy@example.test' }));
  expect(received('deferred-451')).toHaveLength(1);
});

it('refuses bad requests without sending anything', async () => {
  const before = receiver.inbox.length;
  const bad: DeliveryRequest[] = [
    email('bad-to', { to: 'ada@example.test, eve@example.test' }),
    email('bad-sms', { channel: 'sms', to: '5551234567' }),
    email('bad id with spaces'),
    email('bad-template', { template: 'nope' as DeliveryRequest['template'] }),
    email('bad-vars', { template: 'emergency-ended', vars: { serial: 'S1' } }),
  ];
  for (const request of bad) {
    await expect(delivery.deliverMessage(request), request.messageId).rejects.toMatchObject({
      nonRetryable: true,
      type: DELIVERY_INVALID_REQUEST,
    });
  }
  expect(receiver.inbox.length).toBe(before);
});

it('delivers a burst through the pool, each message exactly once', async () => {
  const count = 500;
  const ids = Array.from({ length: count }, (_, i) => `burst-${i}`);
  const started = performance.now();
  await Promise.all(ids.map((id) => delivery.deliverMessage(email(id, { template: 'emergency-codes' }))));
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `SMTP throughput: ${count} messages in ${seconds.toFixed(2)} s = ${Math.round(count / seconds)} messages/s (pool of 5 connections, local smtp-server + mailparser)`,
  );
  for (const id of ids) expect(received(id)).toHaveLength(1);
});
