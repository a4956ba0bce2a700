// `ea doctor` checks the SMTP server when EA_SMTP_URL is set: passes against a live one, and fails
// (exit 1, naming the server but not the password) against one that is down.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSmtpReceiver } from '../../activities/delivery/testing/smtp-receiver.js';
import type { Check } from '../../cli/platform/doctor.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { eaProcess } from '../support/ea-process.js';
import { freePort } from '../support/free-port.js';

const receiver = createSmtpReceiver();
let product: ProductEnv;
let smtpUrl: string;

beforeAll(async () => {
  smtpUrl = await receiver.listen();
  product = await createProductEnv();
});
afterAll(async () => {
  await product?.teardown();
  await receiver.close();
});

async function doctor(env: NodeJS.ProcessEnv): Promise<{ code: number; ok: boolean; checks: Check[] }> {
  const run = await eaProcess(product, ['doctor', '--json'], env);
  return { code: run.code, ...run.json<{ ok: boolean; checks: Check[] }>() };
}

it('passes with a live SMTP server, and fails naming the server when it is down', async () => {
  const live = await doctor({ EA_SMTP_URL: smtpUrl });
  expect(live.checks.find((c) => c.check === 'SMTP')).toMatchObject({
    ok: true,
    message: expect.stringContaining('accepted the connection'),
  });
  expect(live).toMatchObject({ code: 0, ok: true });

  const port = await freePort();
  const down = await doctor({ EA_SMTP_URL: `smtp://mailer:hunter2@127.0.0.1:${port}` });
  expect(down).toMatchObject({ code: 1, ok: false });
  const smtp = down.checks.find((c) => c.check === 'SMTP');
  expect(smtp).toMatchObject({
    ok: false,
    message: expect.stringContaining(`127.0.0.1:${port}`),
    fix: expect.stringContaining('EA_SMTP_URL'),
  });
  expect(JSON.stringify(down)).not.toContain('hunter2');
  expect(down.checks.filter((c) => !c.ok)).toHaveLength(1);
});
