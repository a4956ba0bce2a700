// Issue 18 item 3: an incident survives the embedded server. The product runs on a dev server of
// this test's own, on its SQLite file; mid-incident the worker and the server stop, and both come
// back on the same file: the incident completes, and each user has exactly one codes message.
import { mkdtempSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, expect, it } from 'vitest';
import { listOutbox } from '../../activities/delivery/outbox.js';
import { forEachConcurrently } from '../../bench/pool.js';
import { bootstrapIncidentReporter, INCIDENT_PRINCIPAL } from '../../client/bootstrap.js';
import { keyPathIn } from '../../client/keys.js';
import { startDevServer, type DevServer } from '../../worker/dev-server.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { freePort } from '../support/free-port.js';
import { userWithToken } from '../support/scenario.js';

const TOKENS = 16;
const CODES_SUBJECT = /^Your emergency codes for token/;

let server: DevServer | undefined;
let product: ProductEnv | undefined;
afterAll(async () => {
  await product?.teardown();
  await server?.stop();
});

async function codesPerSerial(dataDir: string): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const entry of await listOutbox(dataDir)) {
    const mail = await simpleParser(await readFile(entry.file));
    if (!CODES_SUBJECT.test(mail.subject ?? '')) continue;
    const serial = /^<([^-]+)-/.exec(mail.messageId ?? '')?.[1] ?? '?';
    counts.set(serial, (counts.get(serial) ?? 0) + 1);
  }
  return counts;
}

it('completes an incident across a server and worker restart, one codes message per user', async () => {
  const serverDir = mkdtempSync(join(tmpdir(), 'ea-incident-server-'));
  const port = await freePort();
  server = await startDevServer({ dataDir: serverDir, port, headless: true });
  product = await createProductEnv({ address: server.address });
  const env = product;
  await bootstrapIncidentReporter(env.service, keyPathIn(env.dataDir, INCIDENT_PRINCIPAL));
  const fleet: string[] = [];
  await forEachConcurrently(Array.from({ length: TOKENS }), 4, async () => {
    fleet.push((await userWithToken(env.service)).serial);
  });

  const { id } = await env.service.startIncident(
    { selection: { serials: fleet }, reason: 'permanently-lost', pageSize: 4 },
    { requestId: 'restart-1' },
  );
  await expect
    .poll(async () => (await codesPerSerial(env.dataDir)).size, { timeout: 60_000, interval: 20 })
    .toBeGreaterThanOrEqual(2);
  await env.stopWorker();
  await server.stop();
  const atStop = (await codesPerSerial(env.dataDir)).size;
  console.log(`server stopped with ${atStop} of ${TOKENS} codes messages in the outbox`);
  expect(atStop).toBeLessThan(TOKENS);

  server = await startDevServer({ dataDir: serverDir, port, headless: true });
  await env.startWorker();
  await expect
    .poll(async () => (await env.service.incidentStatus(id).catch(() => null))?.state, {
      timeout: 90_000,
      interval: 500,
    })
    .toBe('completed');
  expect(await env.service.incidentStatus(id)).toMatchObject({ total: TOKENS, done: TOKENS, failed: 0 });
  await expect.poll(async () => (await codesPerSerial(env.dataDir)).size, { timeout: 30_000 }).toBe(TOKENS);
  const counts = await codesPerSerial(env.dataDir);
  expect(fleet.filter((serial) => counts.get(serial) !== 1)).toEqual([]);
});
