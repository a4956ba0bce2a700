// Every message a token workflow sends, end to end: the real worker and activities on the dev
// server deliver over SMTP to an in-process smtp-server, mailparser reads what went over the wire,
// and the codes found in the received mail authenticate.
import type { ParsedMail } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSmtpReceiver } from '../../activities/delivery/testing/smtp-receiver.js';
import { fitsOneGsm7Segment } from '../../activities/delivery/gsm7.js';
import { reportLost } from '../../client/system-reports.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { registeredSigner } from '../support/principals.js';
import { PIN, operator, userWithToken } from '../support/scenario.js';
import { finishedActivities, localActivities } from './delivery-attempts.js';
import { codesIn, expectNoSecretInSubject, mailsFor, oneMail } from './received.js';

const GATEWAY = 'sms.gateway.test';
const DAY = 86_400_000;
const receiver = createSmtpReceiver();
let product: ProductEnv;

beforeAll(async () => {
  const smtpUrl = await receiver.listen();
  // SMS through the e-mail gateway, so text messages reach the same receiver.
  product = await createProductEnv({ delivery: { smtpUrl, sms: { kind: 'email-gateway', domain: GATEWAY } } });
});
afterAll(async () => {
  await product?.teardown();
  await receiver.close();
});

const STARTED = /^Emergency access started for token/;
const CODES = /^Your emergency codes for token/;

async function expectAccepted(userId: string, codes: string[], method: string): Promise<void> {
  for (const code of codes) {
    await expect(product.service.authenticate(userId, PIN + code)).resolves.toMatchObject({ accepted: true, method });
  }
}

function expectSecurityNotice(mail: ParsedMail): void {
  expect(mail.text).toContain('If this was not you, call the help desk.');
  expect(mail.html).toContain('If this was not you, call the help desk.');
}

it('e-mails the codes when the help desk asks for delivery (--deliver email), and tells the user EA started', async () => {
  const { userId, serial } = await userWithToken(product.service);
  const lost = await product.service.lost(
    serial,
    { reason: 'temporarily-unavailable', kind: 'one-time-set', count: 3, delivery: 'email' },
    operator,
  );
  expect(lost.codes).toEqual([]);
  const mail = await oneMail(receiver, serial, CODES);
  expect(mail.to).toMatchObject({ text: `${userId}@example.com` });
  const codes = codesIn(mail.text);
  expect(codes).toHaveLength(3);
  for (const code of codes) expect(mail.html).toContain(code);
  expectNoSecretInSubject(mail, codes);
  await expectAccepted(userId, codes, 'one-time');
  await expect(product.service.authenticate(userId, PIN + codes[0])).resolves.toMatchObject({ accepted: false });
  const started = await oneMail(receiver, serial, STARTED);
  expectSecurityNotice(started);
  expect(started.text).toContain(lost.expiresAt);
  expect(codesIn(started.text)).toEqual([]);
});

it('texts the codes when asked for SMS (--deliver sms), in one GSM-7 segment', async () => {
  const { userId, serial } = await userWithToken(product.service);
  await product.service.lost(serial, { reason: 'permanently-lost', delivery: 'sms' }, operator);
  const sms = await oneMail(receiver, serial, undefined);
  expect(sms.to).toMatchObject({ text: `4915112345678@${GATEWAY}` });
  expect(sms.headers.get('x-ea-channel')).toBe('sms');
  const body = sms.text!.trimEnd();
  expect(fitsOneGsm7Segment(body), body).toBe(true);
  const codes = codesIn(body);
  expect(codes).toHaveLength(1);
  await expectAccepted(userId, codes, 'temporary-fixed');
  expectSecurityNotice(await oneMail(receiver, serial, STARTED));
});

it('delivers the codes to the contact on file when a system starts EA by signal', async () => {
  const { userId, serial } = await userWithToken(product.service);
  const servicedesk = await registeredSigner(product, 'servicedesk', ['system']);
  await reportLost(product.client, servicedesk, serial, {
    requestId: `ticket-${serial}`,
    reason: 'temporarily-unavailable',
    origin: 'system',
  });
  const mail = await oneMail(receiver, serial, CODES);
  const codes = codesIn(mail.text);
  expect(codes).toHaveLength(1);
  expectNoSecretInSubject(mail, codes);
  await expectAccepted(userId, codes, 'temporary-fixed');
  expectSecurityNotice(await oneMail(receiver, serial, STARTED));
  const delivered = (await product.service.audit(serial)).filter((r) => r.type === 'message-delivered');
  expect(delivered.map((r) => r.detail?.template)).toEqual(['emergency-codes', 'emergency-started']);
  expect(delivered.every((r) => r.detail?.transport === 'smtp')).toBe(true);
});

it('tells the user EA ended, and why, with the security notice', async () => {
  const { serial } = await userWithToken(product.service);
  await product.service.lost(serial, { reason: 'temporarily-unavailable' }, operator);
  await product.service.action(serial, 'clear', operator);
  const ended = await oneMail(receiver, serial, /^Emergency access ended for token/);
  expectSecurityNotice(ended);
  expect(ended.text).toContain(serial);
  expect(ended.text).toContain('has ended (the help desk ended it)');
  // SMTP is a network transport: the local activity hears so once, and every message goes through
  // the batch activity, which retries with backoff.
  expect((await localActivities(product.client, serial)).filter((type) => type === 'deliverLocally')).toHaveLength(1);
  expect((await finishedActivities(product.client, serial, 'deliverMessages')).map((a) => a.outcome)).toEqual([
    'completed',
    'completed',
  ]);
});

it('sends an on-demand code with its lifetime, and the code works once', async () => {
  const { userId, serial } = await userWithToken(product.service, { onDemand: 'email' });
  await product.service.lost(serial, { reason: 'temporarily-unavailable', kind: 'on-demand' }, operator);
  await product.service.requestOnDemand(serial, operator);
  const mail = await oneMail(receiver, serial, /^Your on-demand code for token/);
  const [code, ...more] = codesIn(mail.text);
  expect(more).toEqual([]);
  expectNoSecretInSubject(mail, [code!]);
  expect(mail.text).toContain('It works once, for 1h.'); // onDemand.codeLifetime, 60m by default
  await expectAccepted(userId, [code!], 'on-demand');
  await expect(product.service.authenticate(userId, PIN + code)).resolves.toMatchObject({ accepted: false });
});

it('tells the user the replacement window is open', async () => {
  const { serial } = await userWithToken(product.service);
  await product.service.lost(serial, { reason: 'permanently-lost' }, operator);
  const mail = await oneMail(receiver, serial, /^You can now request a replacement for token/);
  expect(mail.text).toContain(serial);
});

it('warns before EA ends (notifications.expiryNoticeLead)', async () => {
  const { serial } = await userWithToken(product.service);
  // The default lead is 24 h: an EA of 24 h + 3 s has its notice due 3 s after it starts.
  const lost = await product.service.lost(
    serial,
    { reason: 'temporarily-unavailable', lifetimeMs: DAY + 3_000 },
    operator,
  );
  const mail = await oneMail(receiver, serial, /ends soon$/);
  expect(mail.text).toContain(lost.expiresAt);
});

it('never puts a code into a subject, across everything sent', () => {
  const serials = new Set(receiver.inbox.map((mail) => /^<(T[^-]+)-/.exec(mail.messageId ?? '')?.[1]));
  for (const serial of serials) {
    if (!serial) continue;
    const codes = mailsFor(receiver, serial).flatMap((mail) => codesIn(mail.text));
    for (const mail of mailsFor(receiver, serial))
      for (const code of codes) expect(mail.subject ?? '').not.toContain(code);
  }
  expect(serials.size).toBeGreaterThanOrEqual(7);
});
