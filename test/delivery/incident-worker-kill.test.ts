// Issue 18 item 3: an incident survives its worker. The only worker, a separate process, is killed
// with SIGKILL while the incident's reports are going out; a fresh one takes over. The page in
// flight is retried (its activity times out on its heartbeat) and resumes where it was; tokens it
// had reported refuse the same request id again, so every user still gets exactly one codes
// message, and its first code works.
import { readFile } from 'node:fs/promises';
import proto from '@temporalio/proto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listOutbox } from '../../activities/delivery/outbox.js';
import { forEachConcurrently } from '../../bench/pool.js';
import { bootstrapIncidentReporter, INCIDENT_PRINCIPAL } from '../../client/bootstrap.js';
import { keyPathIn } from '../../client/keys.js';
import { incidentWorkflowId } from '../../contract/messages.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { PIN, userWithToken } from '../support/scenario.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';
import { codesIn } from './received.js';

const { EventType } = proto.temporal.api.enums.v1;
const TOKENS = 24;
const CODES_SUBJECT = /^Your emergency codes for token/;

let product: ProductEnv;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  product = await createProductEnv();
  await bootstrapIncidentReporter(product.service, keyPathIn(product.dataDir, INCIDENT_PRINCIPAL));
});
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await product?.teardown();
});

/** Codes messages per serial, each as the codes it carries. */
async function codesMessages(): Promise<Map<string, string[][]>> {
  const bySerial = new Map<string, string[][]>();
  for (const entry of await listOutbox(product.dataDir)) {
    const mail = await simpleParser(await readFile(entry.file));
    if (!CODES_SUBJECT.test(mail.subject ?? '')) continue;
    const serial = /^<([^-]+)-/.exec(mail.messageId ?? '')?.[1] ?? '?';
    bySerial.set(serial, [...(bySerial.get(serial) ?? []), codesIn(mail.text)]);
  }
  return bySerial;
}

it('completes an incident whose only worker is killed mid-page: one codes message per user, and it works', async () => {
  const fleet: { userId: string; serial: string }[] = [];
  await forEachConcurrently(Array.from({ length: TOKENS }), 4, async () => {
    fleet.push(await userWithToken(product.service));
  });
  await product.stopWorker();
  const doomed = await startWorkerProcess(product);
  workers.push(doomed);

  const { id } = await product.service.startIncident(
    { selection: { serials: fleet.map((t) => t.serial) }, reason: 'temporarily-unavailable', pageSize: 8 },
    { requestId: 'kill-1' },
  );
  await expect
    .poll(async () => (await codesMessages()).size, { timeout: 60_000, interval: 20 })
    .toBeGreaterThanOrEqual(4);
  await doomed.kill();
  const atKill = (await codesMessages()).size;
  workers.push(await startWorkerProcess(product));
  console.log(`worker ${doomed.pid} killed with ${atKill} of ${TOKENS} codes messages in the outbox`);
  expect(atKill).toBeLessThan(TOKENS);

  await expect
    .poll(async () => (await product.service.incidentStatus(id)).state, { timeout: 90_000, interval: 500 })
    .toBe('completed');
  expect(await product.service.incidentStatus(id)).toMatchObject({ total: TOKENS, done: TOKENS, failed: 0 });

  await expect.poll(async () => (await codesMessages()).size, { timeout: 30_000 }).toBe(TOKENS);
  const messages = await codesMessages();
  const notOne = fleet.filter(({ serial }) => messages.get(serial)?.length !== 1).map((t) => t.serial);
  expect(notOne, 'users without exactly one codes message').toEqual([]);
  const rejected: string[] = [];
  await forEachConcurrently(fleet, 4, async ({ userId, serial }) => {
    const [code] = messages.get(serial)![0]!;
    if (!(await product.service.authenticate(userId, PIN + (code ?? ''))).accepted) rejected.push(serial);
  });
  expect(rejected, 'users whose first code was rejected').toEqual([]);

  const { events } = await product.client.workflow.getHandle(incidentWorkflowId(id)).fetchHistory();
  const types = (events ?? []).map((event) => event.eventType);
  expect(types).not.toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
  // The kill took a page in flight with it: its activity ran again, from its last heartbeat.
  const retried = (events ?? []).filter((event) => (event.activityTaskStartedEventAttributes?.attempt ?? 1) > 1);
  console.log(`${retried.length} incident page activities ran again after the kill`);
  expect(retried.length).toBeGreaterThan(0);
});
