// On-demand codes by SMS through the HTTP provider adapter, end to end: the real worker posts to a
// local node:http server playing the carrier; a 503 is retried with the same message (same body,
// same idempotency key), the text fits one GSM-7 segment, and the code in it authenticates.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { fitsOneGsm7Segment } from '../../activities/delivery/gsm7.js';
import { createSmsProvider, type ProviderRequest } from '../../activities/delivery/testing/sms-provider.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { PIN, operator, userWithToken } from '../support/scenario.js';

const provider = createSmsProvider();
let product: ProductEnv;

beforeAll(async () => {
  const url = await provider.listen();
  product = await createProductEnv({
    delivery: { sms: { kind: 'http', url, account: 'AC123', token: 's3cret', from: '+15550000000' } },
  });
});
afterAll(async () => {
  await product?.teardown();
  await provider.close();
});

const texts = (serial: string, like: RegExp): ProviderRequest[] =>
  provider.requests.filter(
    (request) => request.form.get('Body')?.includes(serial) && like.test(request.form.get('Body')!),
  );

it('texts the on-demand code in one segment, re-sending the same message after a 503', async () => {
  const { userId, serial } = await userWithToken(product.service, { onDemand: 'sms' });
  await product.service.lost(serial, { reason: 'temporarily-unavailable', kind: 'on-demand' }, operator);
  await expect
    .poll(() => texts(serial, /^Emergency access started/).length, { timeout: 20_000, interval: 100 })
    .toBe(1);

  provider.status = 503;
  await product.service.requestOnDemand(serial, operator);
  const onDemand = () => texts(serial, /is your code for token/);
  await expect.poll(() => onDemand().length, { timeout: 20_000, interval: 100 }).toBe(1);
  provider.status = 201;
  await expect.poll(() => onDemand().length, { timeout: 30_000, interval: 100 }).toBe(2);

  const [refused, accepted] = onDemand();
  expect(accepted!.headers['idempotency-key']).toBe(refused!.headers['idempotency-key']);
  expect(Object.fromEntries(accepted!.form)).toEqual(Object.fromEntries(refused!.form));
  expect(accepted!.headers.authorization).toBe(`Basic ${Buffer.from('AC123:s3cret').toString('base64')}`);
  expect(accepted!.form.get('From')).toBe('+15550000000');
  expect(accepted!.form.get('To')).toBe('+4915112345678');
  const body = accepted!.form.get('Body')!;
  expect(fitsOneGsm7Segment(body), body).toBe(true);

  const code = body.split(' ')[0];
  await expect(product.service.authenticate(userId, PIN + code)).resolves.toMatchObject({
    accepted: true,
    method: 'on-demand',
  });
  await expect
    .poll(async () =>
      (await product.service.audit(serial))
        .filter((r) => r.type === 'message-delivered')
        .map((r) => [r.detail?.template, r.detail?.transport]),
    )
    .toEqual([
      ['emergency-started', 'http-sms'],
      ['on-demand-code', 'http-sms'],
    ]);
});
