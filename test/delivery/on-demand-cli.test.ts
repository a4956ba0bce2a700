// The on-demand flow end to end from the command line (issue 4, "Done when"): a user enabled for
// on-demand codes, an on-demand EA, `ea ondemand SERIAL` as its own process, the code arriving
// over SMTP (or in the outbox by default) and authenticating once; a new request voids the
// previous code; the hourly rate limit; refusals for users who may not have codes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSmtpReceiver } from '../../activities/delivery/testing/smtp-receiver.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { eaProcess } from '../support/ea-process.js';
import { PIN, operator, userWithToken } from '../support/scenario.js';
import { codesIn, expectNoSecretInSubject, outboxMailsFor } from './received.js';

const ON_DEMAND_SUBJECT = /^Your on-demand code for token/;
const RATE_LIMIT = 3;

async function onDemandEmergency(product: ProductEnv, onDemand: 'email') {
  const token = await userWithToken(product.service, { onDemand });
  await product.service.lost(token.serial, { reason: 'temporarily-unavailable', kind: 'on-demand' }, operator);
  return token;
}

describe('over SMTP', () => {
  const receiver = createSmtpReceiver();
  let product: ProductEnv;
  let smtpUrl: string;

  beforeAll(async () => {
    smtpUrl = await receiver.listen();
    product = await createProductEnv({ delivery: { smtpUrl } });
    // Before any token starts, so every token workflow begins with this policy.
    await product.service.setPolicy({ 'onDemand.rateLimitPerHour': String(RATE_LIMIT) }, operator);
  });
  afterAll(async () => {
    await product?.teardown();
    await receiver.close();
  });

  const ondemand = (serial: string) => eaProcess(product, ['ondemand', serial, '--json'], { EA_SMTP_URL: smtpUrl });
  /** Requests a code through the CLI and returns the one code the mail it caused carries. */
  async function requestCode(serial: string): Promise<string> {
    const before = receiver.inbox.length;
    const sent = await ondemand(serial);
    expect(sent.code, sent.stderr).toBe(0);
    expect(sent.json()).toMatchObject({ serial, channel: 'email', expiresAt: expect.any(String) });
    const arrived = () =>
      receiver.inbox
        .slice(before)
        .filter((mail) => mail.messageId?.startsWith(`<${serial}-`) && ON_DEMAND_SUBJECT.test(mail.subject ?? ''));
    await expect.poll(() => arrived().length, { timeout: 20_000, interval: 100 }).toBe(1);
    const mail = arrived()[0]!;
    const codes = codesIn(mail.text);
    expect(codes).toHaveLength(1);
    expectNoSecretInSubject(mail, codes);
    expect(sent.stdout).not.toContain(codes[0]); // delivered, never printed
    return codes[0]!;
  }

  it('delivers a code that works once; a new request voids it; the hourly limit holds', async () => {
    const { userId, serial } = await onDemandEmergency(product, 'email');
    const first = await requestCode(serial);
    await expect(product.service.authenticate(userId, PIN + first)).resolves.toMatchObject({
      accepted: true,
      method: 'on-demand',
    });
    await expect(product.service.authenticate(userId, PIN + first)).resolves.toMatchObject({ accepted: false });

    const second = await requestCode(serial);
    const third = await requestCode(serial);
    await expect(product.service.authenticate(userId, PIN + second)).resolves.toMatchObject({ accepted: false });
    await expect(product.service.authenticate(userId, PIN + third)).resolves.toMatchObject({
      accepted: true,
      method: 'on-demand',
    });

    const limited = await ondemand(serial);
    expect(limited.code).toBe(1);
    expect(limited.json()).toMatchObject({
      error: { code: 'refused', message: expect.stringContaining(`at most ${RATE_LIMIT} on-demand codes per hour`) },
    });
    const issued = (await product.service.audit(serial)).filter((r) => r.type === 'codes-issued');
    // The first code was spent before the second was asked for; the second was still live.
    expect(issued.map((r) => r.detail?.voidedPrevious)).toEqual([false, false, true]);
  });

  it('refuses a user who is no longer enabled for on-demand codes, and sends nothing', async () => {
    const { userId, serial } = await onDemandEmergency(product, 'email');
    // (An on-demand EA cannot start for a user who is not enabled: the operator turned it off since.)
    const { user } = await product.service.putUser({ id: userId, onDemand: null }, operator);
    expect(user.onDemand).toBeNull();
    const refused = await ondemand(serial);
    expect(refused.code).toBe(1);
    expect(refused.json()).toMatchObject({
      error: { code: 'refused', message: expect.stringContaining('not enabled for on-demand codes') },
    });
    expect(
      receiver.inbox.filter(
        (mail) => mail.messageId?.startsWith(`<${serial}-`) && ON_DEMAND_SUBJECT.test(mail.subject ?? ''),
      ),
    ).toEqual([]);
  });

  it('refuses to enable on-demand codes for a channel without a contact on file', async () => {
    const added = await eaProcess(product, [
      'user',
      'add',
      `nomobile-${Date.now()}`,
      '--email',
      'nm@example.test',
      '--on-demand',
      'sms',
      '--json',
    ]);
    expect(added.code).toBe(2);
    expect(added.json()).toMatchObject({
      error: { code: 'invalid', message: expect.stringContaining('need a mobile number') },
    });
  });
});

describe('to the outbox by default (no EA_SMTP_URL)', () => {
  let product: ProductEnv;

  beforeAll(async () => {
    product = await createProductEnv();
  });
  afterAll(async () => {
    await product?.teardown();
  });

  it('writes the code to <data>/outbox as an .eml, and that code works', async () => {
    const { userId, serial } = await onDemandEmergency(product, 'email');
    const sent = await eaProcess(product, ['ondemand', serial, '--json']);
    expect(sent.code, sent.stderr).toBe(0);
    const onDemandMails = async () =>
      (await outboxMailsFor(product.dataDir, serial)).filter((mail) => ON_DEMAND_SUBJECT.test(mail.subject ?? ''));
    await expect.poll(async () => (await onDemandMails()).length, { timeout: 20_000, interval: 100 }).toBe(1);
    const [code, ...more] = codesIn((await onDemandMails())[0]!.text);
    expect(more).toEqual([]);
    await expect(product.service.authenticate(userId, PIN + code)).resolves.toMatchObject({
      accepted: true,
      method: 'on-demand',
    });
    const listed = await eaProcess(product, ['status', serial, '--json']);
    expect(listed.json()).toMatchObject({ serial, kind: 'on-demand', onDemandCodeExpiresAt: null });
  });
});
