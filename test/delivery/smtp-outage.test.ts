// SMTP down, then up, at the workflow level: the delivery activity fails and backs off while the
// server is down, and the message (same Message-ID, the codes generated once) arrives exactly once
// when it returns.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSmtpReceiver } from '../../activities/delivery/testing/smtp-receiver.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { freePort } from '../support/free-port.js';
import { PIN, operator, userWithToken } from '../support/scenario.js';
import { finishedActivities, localActivities, pendingActivities } from './delivery-attempts.js';
import { codesIn, mailsFor, oneMail } from './received.js';

const receiver = createSmtpReceiver();
let port: number;
let product: ProductEnv;

beforeAll(async () => {
  port = await freePort();
  product = await createProductEnv({ delivery: { smtpUrl: `smtp://127.0.0.1:${port}` } });
});
afterAll(async () => {
  await product?.teardown();
  await receiver.close();
});

it('delivers the codes exactly once when the SMTP server comes back', async () => {
  const { userId, serial } = await userWithToken(product.service);
  await product.service.lost(serial, { reason: 'temporarily-unavailable', delivery: 'email' }, operator);

  // The server refuses connections: the first attempt fails and Temporal schedules a retry.
  // (The failure's message is encrypted by the codec; that it failed and is retried is what counts.)
  const retrying = async () =>
    (await pendingActivities(product.client, serial)).some(
      (a) => a.activityType === 'deliverMessages' && a.attempt > 1 && a.lastFailure !== null,
    );
  await expect.poll(retrying, { timeout: 20_000, interval: 200 }).toBe(true);
  expect(mailsFor(receiver, serial)).toHaveLength(0);

  await receiver.listen(port);
  const mail = await oneMail(receiver, serial, /^Your emergency codes for token/, 60_000);
  await oneMail(receiver, serial, /^Emergency access started for token/, 60_000);
  expect(mailsFor(receiver, serial)).toHaveLength(2);

  // One scheduled activity for both messages, retried: the same input every attempt.
  const [batch, ...others] = await finishedActivities(product.client, serial, 'deliverMessages');
  expect(batch).toMatchObject({ outcome: 'completed' });
  expect(batch!.attempt).toBeGreaterThan(1);
  expect(others).toEqual([]);
  expect((await localActivities(product.client, serial)).filter((type) => type === 'generateCodes')).toHaveLength(1);

  const [code] = codesIn(mail.text);
  await expect(product.service.authenticate(userId, PIN + code)).resolves.toMatchObject({ accepted: true });
  const audit = await product.service.audit(serial);
  expect(audit.filter((r) => r.type === 'message-delivered').map((r) => r.detail?.template)).toEqual([
    'emergency-codes',
    'emergency-started',
  ]);
  expect(audit.filter((r) => r.type === 'delivery-failed')).toEqual([]);
});
