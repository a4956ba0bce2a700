// The HTTP SMS adapter against a local node:http server playing the provider.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDeliveryActivities } from './deliver-activity.js';
import { DELIVERY_PERMANENT } from './delivery-failures.js';
import { HttpSmsSender } from './http-sms-sender.js';
import { sampleVars } from './testing/sample-vars.js';
import { createSmsProvider } from './testing/sms-provider.js';
import { generateWorkerKeyRing } from '../../worker/codec/worker-key.js';

const provider = createSmsProvider();
const requests = provider.requests;
let url: string;
const config = () => ({ url, account: 'AC123', token: 's3cret', from: '+15550000000' });
const message = { to: '+15551234567', body: 'Your code is 12345678', messageId: 'token-S1-3' };

beforeAll(async () => {
  url = await provider.listen();
});

afterAll(() => provider.close());

it('posts the common REST shape: basic auth, form fields From, To, Body', async () => {
  provider.status = 201;
  requests.length = 0;
  await new HttpSmsSender(config()).send(message);
  const [request] = requests;
  expect(request).toMatchObject({ method: 'POST', url: '/2010-04-01/Accounts/AC123/Messages.json' });
  expect(request!.headers.authorization).toBe(`Basic ${Buffer.from('AC123:s3cret').toString('base64')}`);
  expect(request!.headers['content-type']).toMatch(/^application\/x-www-form-urlencoded/);
  expect(request!.headers['idempotency-key']).toBe('token-S1-3');
  expect(Object.fromEntries(request!.form)).toEqual({
    From: '+15550000000',
    To: '+15551234567',
    Body: 'Your code is 12345678',
  });
});

it('gives up on a 4xx answer, without the provider text that may echo the code', async () => {
  for (const status of [400, 401, 404]) {
    provider.status = status;
    const failure = new HttpSmsSender(config()).send(message);
    await expect(failure).rejects.toBeInstanceOf(ApplicationFailure);
    await expect(failure).rejects.toMatchObject({
      nonRetryable: true,
      type: DELIVERY_PERMANENT,
      message: expect.stringContaining(String(status)),
    });
    await expect(failure).rejects.not.toMatchObject({ message: expect.stringContaining('12345678') });
  }
});

it('leaves 5xx, 429 and network errors to the retry policy', async () => {
  for (const status of [503, 500, 429]) {
    provider.status = status;
    const failure = new HttpSmsSender(config()).send(message);
    await expect(failure).rejects.toThrow(String(status));
    await expect(failure).rejects.not.toBeInstanceOf(ApplicationFailure);
  }
  const unreachable = new HttpSmsSender({ ...config(), url: 'http://127.0.0.1:1/' }).send(message);
  await expect(unreachable).rejects.toBeInstanceOf(TypeError);
});

it('delivers a rendered template through the activity with the receipt naming the provider', async () => {
  provider.status = 201;
  requests.length = 0;
  const dataDir = mkdtempSync(join(tmpdir(), 'ea-http-sms-'));
  const delivery = createDeliveryActivities(
    {
      dataDir,
      smtpUrl: null,
      from: 'IT <it@corp.example>',
      sms: { kind: 'http', ...config() },
    },
    generateWorkerKeyRing(),
  );
  const vars = sampleVars();
  const receipt = await delivery.deliverMessage({
    messageId: 'token-S1-4',
    channel: 'sms',
    to: '+447700900123',
    template: 'emergency-codes',
    vars,
  });
  expect(receipt).toMatchObject({
    channel: 'sms',
    to: '+447700900123',
    transport: 'http-sms',
    messageId: 'token-S1-4',
  });
  expect(requests[0]!.form.get('Body')).toBe(
    `Emergency codes for ${vars.serial} until ${vars.expiresAt}:\n${vars.codes}`,
  );
  await delivery.close();
});
