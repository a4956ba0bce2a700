// SMTP server down, then up: the first attempt fails retryably, the retry delivers exactly once;
// `ea doctor`'s check says which.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../test/support/free-port.js';
import { createDeliveryActivities } from './deliver-activity.js';
import { verifySmtp } from './mail-transport.js';
import { sampleVars } from './testing/sample-vars.js';
import { createSmtpReceiver } from './testing/smtp-receiver.js';
import type { DeliveryRequest } from '../../contract/delivery.js';
import { generateWorkerKeyRing } from '../../worker/codec/worker-key.js';

const receiver = createSmtpReceiver();
let port: number;
let dataDir: string;
let delivery: ReturnType<typeof createDeliveryActivities>;

beforeAll(async () => {
  port = await freePort();
  dataDir = mkdtempSync(join(tmpdir(), 'ea-smtp-down-'));
  delivery = createDeliveryActivities(
    {
      dataDir,
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'IT <it@corp.example>',
      sms: { kind: 'outbox' },
    },
    generateWorkerKeyRing(),
  );
});

afterAll(async () => {
  await delivery.close();
  await receiver.close();
});

it('tells ea doctor whether the server answers, never showing the credentials', async () => {
  const config = {
    dataDir,
    smtpUrl: `smtp://mailer:hunter2@127.0.0.1:${port}`,
    from: 'IT <it@corp.example>',
    sms: { kind: 'outbox' as const },
  };
  const down = await verifySmtp(config);
  expect(down).toMatchObject({ ok: false, message: expect.stringContaining(`127.0.0.1:${port}`) });
  expect(down.message).not.toContain('hunter2');
  expect(await verifySmtp({ ...config, smtpUrl: null })).toMatchObject({
    ok: true,
    message: expect.stringContaining('outbox'),
  });
});

it('fails retryably while the server is down and delivers once when it is back', async () => {
  const request: DeliveryRequest = {
    messageId: 'token-S1-7',
    channel: 'email',
    to: 'ada@example.test',
    template: 'emergency-codes',
    vars: sampleVars(),
  };

  const down = delivery.deliverMessage(request);
  await expect(down).rejects.toMatchObject({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' });
  await expect(down).rejects.not.toBeInstanceOf(ApplicationFailure);

  await receiver.listen(port);
  await expect(delivery.deliverMessage(request)).resolves.toMatchObject({ transport: 'smtp', messageId: 'token-S1-7' });
  expect(receiver.inbox.map((mail) => mail.messageId)).toEqual(['<token-S1-7@corp.example>']);
  expect(
    await verifySmtp({
      dataDir,
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: 'it@corp.example',
      sms: { kind: 'outbox' },
    }),
  ).toEqual({
    ok: true,
    message: `SMTP server 127.0.0.1:${port} accepted the connection`,
  });
});
