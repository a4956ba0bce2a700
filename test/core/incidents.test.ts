// Incident mode (issue 18 item 3) on the dev server with the real worker: one durable workflow per
// incident reports each selected token lost through the token's own signed path, as the workers'
// `incident` principal (role system); codes go to each user's contact, once per token.
import { readFile } from 'node:fs/promises';
import { simpleParser } from 'mailparser';
import proto from '@temporalio/proto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { listOutbox } from '../../activities/delivery/outbox.js';
import { bootstrapIncidentReporter, INCIDENT_PRINCIPAL } from '../../client/bootstrap.js';
import { EaError, type NewIncident } from '../../client/ea-service.js';
import { generateKey, keyPathIn } from '../../client/keys.js';
import { incidentWorkflowId } from '../../contract/messages.js';
import { signRequest } from '../../trust/envelope.js';
import { forEachConcurrently } from '../../bench/pool.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { registeredSigner } from '../support/principals.js';
import { userWithToken } from '../support/scenario.js';
import { cliUpdate, temporalCli } from '../support/temporal-cli.js';
import { TemporalEaService } from '../../client/temporal-ea-service.js';

const { EventType } = proto.temporal.api.enums.v1;
const CODES_SUBJECT = /^Your emergency codes for token/;

let product: ProductEnv;
beforeAll(async () => {
  product = await createProductEnv();
  await bootstrapIncidentReporter(product.service, keyPathIn(product.dataDir, INCIDENT_PRINCIPAL));
});
afterAll(async () => {
  await product?.teardown();
});

async function fleet(count: number): Promise<{ userId: string; serial: string }[]> {
  const tokens: { userId: string; serial: string }[] = [];
  await forEachConcurrently(Array.from({ length: count }), 4, async () => {
    tokens.push(await userWithToken(product.service));
  });
  return tokens;
}

const finished = (id: string) =>
  expect
    .poll(async () => (await product.service.incidentStatus(id)).state, { timeout: 60_000, interval: 200 })
    .toMatch(/completed|cancelled/);

/** Codes messages in the outbox per serial. */
async function codesMessages(): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  for (const entry of await listOutbox(product.dataDir)) {
    const mail = await simpleParser(await readFile(entry.file));
    if (!CODES_SUBJECT.test(mail.subject ?? '')) continue;
    const serial = /^<([^-]+)-/.exec(mail.messageId ?? '')?.[1] ?? '?';
    counts.set(serial, (counts.get(serial) ?? 0) + 1);
  }
  return counts;
}

const noFailedTask = async (workflowId: string) => {
  const { events } = await product.client.workflow.getHandle(workflowId).fetchHistory();
  expect((events ?? []).map((e) => e.eventType)).not.toContain(EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);
};

it('reports a list of tokens lost, codes to each user once; an unknown serial is a failure', async () => {
  const tokens = await fleet(6);
  const incident: NewIncident = {
    selection: { serials: [...tokens.map((t) => t.serial), 'NOSUCH1'] },
    reason: 'permanently-lost',
    pageSize: 3,
  };
  const started = await product.service.startIncident(incident, { requestId: 'bag-1' });
  expect(started).toMatchObject({ id: 'bag-1', total: 7, startedBy: 'admin' });
  await finished('bag-1');
  const status = await product.service.incidentStatus('bag-1');
  expect(status).toMatchObject({ state: 'completed', total: 7, done: 6, failed: 1 });
  expect(status.failures).toEqual([{ serial: 'NOSUCH1', reason: 'token not found' }]);
  for (const { serial } of tokens) {
    const token = await product.service.status(serial);
    expect(token).toMatchObject({ state: 'emergency', reason: 'permanently-lost', delivery: 'email' });
    expect(token.startedBy).toEqual({ actor: INCIDENT_PRINCIPAL, origin: 'system' });
  }
  await expect
    .poll(
      async () => {
        const counts = await codesMessages();
        return tokens.map(({ serial }) => counts.get(serial) ?? 0);
      },
      { timeout: 30_000 },
    )
    .toEqual(tokens.map(() => 1));

  // Started again under its id: the incident as it is, and nothing sent twice.
  // (The server answers with the first answer.)
  expect(await product.service.startIncident(incident, { requestId: 'bag-1' })).toMatchObject({ id: 'bag-1' });
  expect(await product.service.incidentStatus('bag-1')).toMatchObject({ state: 'completed', done: 6 });
  const counts = await codesMessages();
  expect(tokens.map(({ serial }) => counts.get(serial))).toEqual(tokens.map(() => 1));
  await noFailedTask(incidentWorkflowId('bag-1'));
});

it('selects by user prefix from visibility, and refuses by policy per token', async () => {
  const tokens = await fleet(3);
  const [first] = tokens;
  // One of them is in emergency access already: the token refuses a second start, a failure.
  await product.service.lost(first!.serial, { reason: 'temporarily-unavailable', delivery: 'email' }, {});
  const prefix = first!.userId;
  await expect.poll(async () => (await product.service.listTokens()).some((t) => t.user === prefix)).toBe(true);
  const { id } = await product.service.startIncident(
    { selection: { userPrefix: prefix }, reason: 'temporarily-unavailable', delivery: 'sms' },
    {},
  );
  await finished(id);
  const status = await product.service.incidentStatus(id);
  expect(status).toMatchObject({ state: 'completed', total: 1, done: 0, failed: 1 });
  expect(status.failures[0]).toMatchObject({ serial: first!.serial, reason: expect.stringMatching(/already/) });
});

it('continues as new on a long incident, carrying its counters and what is left of its list', async () => {
  const tokens = await fleet(2);
  // Unknown serials cost a query each: a long incident (the test server suggests continue-as-new
  // after 200 events) without a fleet to make.
  const unknown = Array.from({ length: 60 }, (_, i) => `GONE${i}`);
  const serials = [tokens[0]!.serial, ...unknown, tokens[1]!.serial];
  const { id } = await product.service.startIncident(
    { selection: { serials }, reason: 'temporarily-unavailable', pageSize: 1 },
    { requestId: 'long-1' },
  );
  await finished(id);
  const status = await product.service.incidentStatus(id);
  expect(status).toMatchObject({ state: 'completed', total: 62, done: 2, failed: 60 });
  expect(status.failures.at(-1)).toEqual({ serial: 'GONE59', reason: 'token not found' });
  // The run that completed is not the first: it was continued from another.
  const { events } = await product.client.workflow.getHandle(incidentWorkflowId(id)).fetchHistory();
  expect(events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId).toBeTruthy();
  for (const { serial } of tokens) expect((await product.service.status(serial)).state).toBe('emergency');
});

it('pauses, resumes and cancels between pages', async () => {
  const tokens = await fleet(8);
  const serials = tokens.map((t) => t.serial);
  const start = (requestId: string) =>
    product.service.startIncident(
      { selection: { serials }, reason: 'temporarily-unavailable', pageSize: 1 },
      { requestId },
    );

  await start('pause-1');
  const paused = await product.service.controlIncident('pause-1', 'pause', {});
  expect(paused.state).toBe('paused');
  await new Promise((r) => setTimeout(r, 1_500));
  const held = await product.service.incidentStatus('pause-1');
  expect(held.state).toBe('paused');
  expect(held.done).toBeLessThan(8);
  expect((await product.service.controlIncident('pause-1', 'resume', {})).state).toBe('running');
  await finished('pause-1');
  expect(await product.service.incidentStatus('pause-1')).toMatchObject({ state: 'completed', done: 8 });

  // A second incident on the same tokens: each token refuses (already in emergency access); then cancelled.
  await start('cancel-1');
  expect((await product.service.controlIncident('cancel-1', 'cancel', {})).state).toBe('cancelled');
  await finished('cancel-1');
  const cancelled = await product.service.incidentStatus('cancel-1');
  expect(cancelled.done + cancelled.failed).toBeLessThan(8);
  const refusal = await product.service.controlIncident('cancel-1', 'resume', {}).catch((e: unknown) => e);
  expect(refusal).toBeInstanceOf(EaError);
  expect((refusal as EaError).code).toBe('refused');
});

it('refuses an incident started, forged or unsigned, through the temporal CLI; and from an auditor', async () => {
  const { serial } = await userWithToken(product.service);
  const workflowId = incidentWorkflowId('forged-1');
  const start = {
    requestId: 'f1',
    actor: 'admin',
    selection: { serials: [serial] },
    reason: 'permanently-lost',
  };
  // A run started from outside with a run of its own in the input: ignored, it waits for a start.
  const carried = {
    run: {
      selection: { serials: [serial] },
      report: { reason: 'permanently-lost' },
      pageSize: 1,
      startedBy: 'admin',
      startedAt: new Date().toISOString(),
      progress: { state: 'running', total: 1, done: 0, failed: 0, cursor: null, failures: [] },
    },
  };
  const started = await temporalCli(product.namespace, [
    'workflow',
    'start',
    '--type',
    'incidentWorkflow',
    '--task-queue',
    'emergency-access',
    '--workflow-id',
    workflowId,
    '--input',
    JSON.stringify(carried),
  ]);
  expect(started.code).toBe(0);
  expect((await cliUpdate(product.namespace, workflowId, 'startIncident', start)).code).not.toBe(0);
  const mallory = generateKey('mallory');
  const forged = signRequest(mallory.privateKey, 'admin', workflowId, 'startIncident', start, new Date().toISOString());
  expect((await cliUpdate(product.namespace, workflowId, 'startIncident', forged)).code).not.toBe(0);
  expect(await product.client.workflow.getHandle(workflowId).query('incidentStatus')).toBeNull();

  // A registered auditor signs properly but may not run incidents.
  const auditor = new TemporalEaService(
    product.client,
    product.dataDir,
    await registeredSigner(product, 'reader', ['auditor']),
  );
  const outOfRole = await auditor
    .startIncident({ selection: { serials: [serial] }, reason: 'permanently-lost' }, { requestId: 'aud-1' })
    .catch((e: unknown) => e);
  expect((outOfRole as EaError).code).toBe('refused');

  expect((await product.service.status(serial)).state).toBe('active');
  await expect
    .poll(async () =>
      (await product.service.auditFeed())
        .filter((r) => r.type === 'refused' && r.serial.startsWith('incident-'))
        .map((r) => r.actor),
    )
    .toEqual(expect.arrayContaining(['unknown', 'admin', 'reader']));
  await noFailedTask(workflowId);
});
