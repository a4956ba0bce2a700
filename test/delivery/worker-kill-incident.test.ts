// Issue #16 item 16, as it was measured: a system reports a fleet of tokens lost at once, two worker
// processes share the work, and one is killed with SIGKILL mid-burst, after some codes messages are
// in the outbox and before all are; a fresh process takes its place. A task the dead worker had
// written the outbox for runs again elsewhere and must write the same file with the same codes:
// every user gets exactly one codes message, its codes are the ones the token takes, and no
// workflow task failed (the dead worker's tasks time out and run again).
import { readFile, readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import proto from '@temporalio/proto';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listOutbox, outboxDir } from '../../activities/delivery/outbox.js';
import { forEachConcurrently } from '../../bench/pool.js';
import type { Signer } from '../../client/signer.js';
import { reportLost } from '../../client/system-reports.js';
import { tokenWorkflowId } from '../../contract/messages.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { registeredSigner } from '../support/principals.js';
import { PIN, userWithToken } from '../support/scenario.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';
import { finishedActivities } from './delivery-attempts.js';
import { codesIn } from './received.js';

const { EventType } = proto.temporal.api.enums.v1;
const TOKENS = 80;
const CODES_SUBJECT = /^Your emergency codes for token/;
const STARTED_SUBJECT = /^Emergency access started for token/;

let product: ProductEnv;
let assetManagement: Signer;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  product = await createProductEnv();
  assetManagement = await registeredSigner(product, 'asset-mgmt', ['system']);
});
afterAll(async () => {
  await Promise.all(workers.map((worker) => worker.stop()));
  await product?.teardown();
});

/** The outbox's file names and when each was last written. */
async function outboxFiles(): Promise<Map<string, number>> {
  const dir = outboxDir(product.dataDir);
  const names = (await readdir(dir).catch(() => [])).filter((name) => name.endsWith('.eml') && !name.startsWith('.'));
  return new Map(await Promise.all(names.map(async (name) => [name, (await stat(join(dir, name))).mtimeMs] as const)));
}

/** Every outbox message, parsed, with its file name, oldest first. */
const readOutbox = async () =>
  Promise.all(
    (await listOutbox(product.dataDir)).map(async (entry) => ({
      name: basename(entry.file),
      mail: await simpleParser(await readFile(entry.file)),
    })),
  );

const codesDelivered = async (serial: string) =>
  (await product.service.audit(serial)).some(
    (r) => r.type === 'message-delivered' && (r.detail as { template?: string }).template === 'emergency-codes',
  );

it('sends each user one codes message that works when a worker process is killed mid-burst', async () => {
  // The fleet, each token knowing its user so a signalled loss goes straight to codes and delivery.
  const fleet: { userId: string; serial: string }[] = [];
  await forEachConcurrently(Array.from({ length: TOKENS }), 8, async () => {
    fleet.push(await userWithToken(product.service));
  });
  await forEachConcurrently(fleet, 8, async ({ serial }) => {
    await expect
      .poll(async () => (await finishedActivities(product.client, serial, 'lookupUser')).length, { timeout: 30_000 })
      .toBe(1);
  });
  const before = (await outboxFiles()).size;

  // From here only worker processes poll.
  await product.stopWorker();
  const [doomed, survivor] = await Promise.all([startWorkerProcess(product), startWorkerProcess(product)]);
  workers.push(doomed!, survivor!);

  const burst = forEachConcurrently(fleet, 16, ({ serial }) =>
    reportLost(product.client, assetManagement, serial, {
      requestId: `incident-${serial}`,
      reason: 'temporarily-unavailable',
      origin: 'system',
    }),
  );
  // Each token writes two messages (codes, and the notice that emergency access started); a worker
  // writes a batch of them at once: kill once half the fleet's messages are in, when both workers
  // have written a batch and the doomed one is most likely between writing and finishing its tasks.
  await expect
    .poll(async () => (await outboxFiles()).size - before, { timeout: 60_000, interval: 20 })
    .toBeGreaterThanOrEqual(TOKENS);
  await doomed!.kill();
  const atKill = await outboxFiles();
  // What a user could already have read when the worker died (by mail it would have left); its
  // tasks run again only once they time out, seconds from now.
  const codesAtKill = new Map(
    (await readOutbox()).flatMap(({ name, mail }) =>
      CODES_SUBJECT.test(mail.subject ?? '') && atKill.has(name) ? [[name, codesIn(mail.text)] as const] : [],
    ),
  );
  await burst;
  workers.push(await startWorkerProcess(product));

  console.log(`worker ${doomed!.pid} killed with ${codesAtKill.size} of ${TOKENS} codes messages in the outbox`);
  expect(codesAtKill.size).toBeGreaterThan(0);
  expect(codesAtKill.size).toBeLessThan(TOKENS);

  // Done when every token's workflow has recorded its codes delivered: its history is final.
  let waiting = fleet.map((t) => t.serial);
  await expect
    .poll(
      async () => {
        const settled = await Promise.all(waiting.map(codesDelivered));
        waiting = waiting.filter((_, i) => !settled[i]);
        return waiting.length;
      },
      { timeout: 60_000, interval: 500 },
    )
    .toBe(0);

  // Files written before the kill and again after it: tasks the dead worker had delivered for.
  const after = await outboxFiles();
  const rewritten = [...atKill].filter(([name, mtime]) => after.get(name) !== mtime).length;
  const outbox = await readOutbox();
  // Every token looked at before judging, so a failure says how many users it hit, as the issue did.
  const twoCodes: string[] = [];
  const twoNotices: string[] = [];
  const changed: string[] = [];
  const rejected: string[] = [];
  const failedTasks: string[] = [];
  let timedOut = 0;
  await forEachConcurrently(fleet, 8, async ({ userId, serial }) => {
    const mails = outbox.filter(({ mail }) => mail.messageId?.startsWith(`<${serial}-`));
    const codesMails = mails.filter(({ mail }) => CODES_SUBJECT.test(mail.subject ?? ''));
    if (codesMails.length !== 1) twoCodes.push(`${serial}: ${codesMails.length}`);
    if (mails.filter(({ mail }) => STARTED_SUBJECT.test(mail.subject ?? '')).length !== 1) twoNotices.push(serial);
    // The codes the user read first: as the message stood at the kill, if it was there, else as it is.
    const final = codesIn(codesMails[0]?.mail.text);
    const first = codesAtKill.get(codesMails[0]?.name ?? '') ?? final;
    if (first.join() !== final.join()) changed.push(serial);
    const [code] = first;
    const answer = await product.service.authenticate(userId, PIN + (code ?? ''));
    if (!answer.accepted) rejected.push(serial);
    const { events } = await product.client.workflow.getHandle(tokenWorkflowId(serial)).fetchHistory();
    const types = (events ?? []).map((event) => event.eventType);
    if (types.includes(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED)) failedTasks.push(serial);
    if (types.includes(EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT)) timedOut++;
  });
  console.log(
    `${timedOut} tokens had a workflow task time out with the killed worker; ${rewritten} outbox files ` +
      `written again after the kill; ${twoCodes.length} users without exactly one codes message, ` +
      `${twoNotices.length} without exactly one notice, ${changed.length} whose codes changed after the kill, ` +
      `${rejected.length} whose first code was rejected`,
  );
  expect(twoCodes, 'users without exactly one codes message').toEqual([]);
  expect(twoNotices, 'users without exactly one "emergency access started" notice').toEqual([]);
  expect(changed, 'users whose message was rewritten with other codes').toEqual([]);
  expect(rejected, 'users whose code was rejected').toEqual([]);
  expect(failedTasks, 'tokens with a failed workflow task').toEqual([]);
  // The kill took tasks in flight with it, some after they had written the outbox (the window the
  // issue is about): what was asserted above survived a real loss.
  expect(timedOut).toBeGreaterThan(0);
  expect(rewritten).toBeGreaterThan(0);
});
