// Issue #16 item 18: a delivery is not given up after the activity's own retries (about a quarter
// of an hour): it is held and tried again with backoff for the EA's lifetime, and the token's
// status (`ea status`, the dashboard) lists it as undelivered meanwhile. On the time-skipping
// server, so hours pass in seconds; the SMTP server is real and down until the test starts it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createSmtpReceiver } from '../../activities/delivery/testing/smtp-receiver.js';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import { freePort } from '../support/free-port.js';
import { operator, userWithToken } from '../support/scenario.js';
import { createTimeSkippingHarness, type TimeSkippingHarness } from '../support/time-skipping.js';
import { mailsFor } from './received.js';

const HOUR = 3_600_000;
const receiver = createSmtpReceiver();
let port: number;
let harness: TimeSkippingHarness;
let service: TemporalEaService;

beforeAll(async () => {
  port = await freePort();
  harness = await createTimeSkippingHarness({ smtpUrl: `smtp://127.0.0.1:${port}` });
  service = new TemporalEaService(harness.env.client, harness.dataDir, harness.signer);
});
afterAll(async () => {
  await harness?.teardown();
  await receiver.close();
});

it('holds the codes while SMTP is down for hours, shows them undelivered, and sends them when it is back', async () => {
  const { serial } = await userWithToken(service, { now: await harness.env.currentTimeMs() });
  await service.lost(serial, { reason: 'permanently-lost', delivery: 'email', lifetimeMs: 3 * 24 * HOUR }, operator);
  await harness.env.sleep(2 * HOUR);
  const down = await service.status(serial);
  expect(down.undelivered.map((m) => m.template).sort()).toEqual([
    'emergency-codes',
    'emergency-started',
    'replacement-window-open',
  ]);
  expect(down.undelivered[0]).toMatchObject({ channel: 'email', giveUpAt: down.expiresAt });
  expect(down.undelivered[0]!.failures).toBeGreaterThanOrEqual(1);

  await receiver.listen(port);
  await harness.env.sleep(8 * HOUR);
  await expect.poll(() => mailsFor(receiver, serial).length, { timeout: 30_000 }).toBe(3);
  expect((await service.status(serial)).undelivered).toEqual([]);
  const audit = await service.audit(serial);
  expect(audit.filter((r) => r.type === 'message-delivered')).toHaveLength(3);
});
