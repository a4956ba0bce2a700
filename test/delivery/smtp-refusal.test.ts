// A recipient the SMTP server refuses for good (550): one attempt, no retry storm; the failure is
// audited, operators see it in `ea audit`, and the token's workflow carries on.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSmtpReceiver } from '../../activities/delivery/testing/smtp-receiver.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { eaProcess } from '../support/ea-process.js';
import { operator, userWithToken } from '../support/scenario.js';
import { finishedActivities } from './delivery-attempts.js';

const receiver = createSmtpReceiver();
let product: ProductEnv;

beforeAll(async () => {
  const smtpUrl = await receiver.listen();
  product = await createProductEnv({ delivery: { smtpUrl } });
});
afterAll(async () => {
  await product?.teardown();
  await receiver.close();
});

it('gives up on a 550 at once, audits the failure and carries on', async () => {
  const email = `gone-${Date.now()}@example.test`;
  receiver.refuse.set(email, 550);
  const { userId, serial } = await userWithToken(product.service, { email });
  await product.service.lost(serial, { reason: 'temporarily-unavailable', delivery: 'email' }, operator);

  // The codes and the started notice: both refused, each audited once.
  await expect
    .poll(async () => (await product.service.audit(serial)).filter((r) => r.type === 'delivery-failed').length, {
      timeout: 20_000,
      interval: 200,
    })
    .toBe(2);
  const failed = (await product.service.audit(serial)).filter((r) => r.type === 'delivery-failed');
  expect(failed.map((r) => r.detail?.template)).toEqual(['emergency-codes', 'emergency-started']);
  for (const record of failed) {
    expect(record).toMatchObject({ outcome: 'failed', user: userId, detail: { channel: 'email' } });
    expect(record.reason).toContain('550');
  }

  // Both messages went in one activity, which ran once: no retry of either refusal.
  const deliveries = await finishedActivities(product.client, serial, 'deliverMessages');
  expect(deliveries).toEqual([{ activityType: 'deliverMessages', attempt: 1, outcome: 'completed', retryState: null }]);
  expect(receiver.recipients.filter((address) => address === email)).toHaveLength(2);
  expect(receiver.inbox.filter((mail) => mail.messageId?.startsWith(`<${serial}-`))).toEqual([]);

  // Operators see it where they look: `ea audit` and the token is still in EA, answering.
  const audit = await eaProcess(product, ['audit', serial, '--json']);
  expect(audit.code).toBe(0);
  const lines = audit.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { type: string; reason: string | null });
  expect(lines.filter((r) => r.type === 'delivery-failed')).toHaveLength(2);
  await expect(product.service.status(serial)).resolves.toMatchObject({ state: 'emergency', kind: 'temporary-fixed' });
});
