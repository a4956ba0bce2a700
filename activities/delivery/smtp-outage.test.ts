// SMTP server down, then up: the first attempt fails retryably, the retry delivers exactly once.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { freePort } from '../../test/support/free-port.js';
import { createDeliveryActivities, type DeliveryRequest } from './deliver-activity.js';
import { sampleVars } from './testing/sample-vars.js';
import { createSmtpReceiver } from './testing/smtp-receiver.js';

const receiver = createSmtpReceiver();
let port: number;
let delivery: ReturnType<typeof createDeliveryActivities>;

beforeAll(async () => {
  port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'ea-smtp-down-'));
  delivery = createDeliveryActivities({ dataDir, smtpUrl: `smtp://127.0.0.1:${port}`, from: 'IT <it@corp.example>', sms: { kind: 'outbox' } });
});

afterAll(async () => {
  await delivery.close();
  await receiver.close();
});

it('fails retryably while the server is down and delivers once when it is back', async () => {
  const request: DeliveryRequest = { messageId: 'token-S1-7', channel: 'email', to: 'ada@example.test', template: 'emergency-codes', vars: sampleVars() };

  const down = delivery.deliverMessage(request);
  await expect(down).rejects.toMatchObject({ code: 'ESOCKET', originalCode: 'ECONNREFUSED' });
  await expect(down).rejects.not.toBeInstanceOf(ApplicationFailure);

  await receiver.listen(port);
  await expect(delivery.deliverMessage(request)).resolves.toMatchObject({ transport: 'smtp', messageId: 'token-S1-7' });
  expect(receiver.inbox.map((mail) => mail.messageId)).toEqual(['<token-S1-7@corp.example>']);
});
