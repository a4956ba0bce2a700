// The worker stops between "codes generated" and "message sent" (the codes are in history, the
// SMTP server refuses connections so the message cannot have left), and a fresh worker takes over:
// the user gets one message, its codes work, and no other code does.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSmtpReceiver } from '../../activities/delivery/testing/smtp-receiver.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { freePort } from '../support/free-port.js';
import { PIN, operator, userWithToken } from '../support/scenario.js';
import { localActivities, pendingActivities } from './delivery-attempts.js';
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

it('sends one message whose codes are the only ones that work after a worker restart', async () => {
  const { userId, serial } = await userWithToken(product.service);
  await product.service.lost(
    serial,
    { reason: 'permanently-lost', kind: 'one-time-set', count: 2, delivery: 'email' },
    operator,
  );
  // Codes generated (the update has answered) and the delivery is failing: the window is open.
  const retrying = async () =>
    (await pendingActivities(product.client, serial)).some(
      (a) => a.activityType === 'deliverMessages' && a.attempt > 1,
    );
  await expect.poll(retrying, { timeout: 20_000, interval: 200 }).toBe(true);

  await product.stopWorker();
  await receiver.listen(port);
  expect(mailsFor(receiver, serial)).toHaveLength(0);
  await product.startWorker();

  const mail = await oneMail(receiver, serial, /^Your emergency codes for token/, 60_000);
  const codes = codesIn(mail.text);
  expect(codes).toHaveLength(2);
  // Generated once: the fresh worker replayed the codes from history instead of making new ones.
  expect((await localActivities(product.client, serial)).filter((type) => type === 'generateCodes')).toHaveLength(1);
  const issued = (await product.service.audit(serial)).filter(
    (r) => r.type === 'emergency-started' || r.type === 'emergency-regenerated',
  );
  expect(issued).toMatchObject([{ type: 'emergency-started', detail: { count: 2, delivery: 'email' } }]);
  expect((await product.service.status(serial)).unusedCodes).toBe(2);
  for (const code of codes) {
    await expect(product.service.authenticate(userId, PIN + code)).resolves.toMatchObject({
      accepted: true,
      method: 'one-time',
    });
  }
  // The set held exactly the codes in the message: none is left for any other code to match.
  expect((await product.service.status(serial)).unusedCodes).toBe(0);
  await oneMail(receiver, serial, /^Emergency access started for token/, 60_000);
  expect(mailsFor(receiver, serial).filter((m) => /^Your emergency codes/.test(m.subject ?? ''))).toHaveLength(1);
});
