// Trap 1 of the engineering notes: a signal whose payload cannot be decoded must not fail the
// workflow task (which would retry forever). Sent raw, past every client-side check.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Client } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import proto from '@temporalio/proto';
import { connectClient, createWorker, uniqueId } from '../support/temporal.js';
import { fixtureTimerWorkflow, poke, received } from '../support/fixture-workflows.js';

const { temporal } = proto;

const enc = (s: string) => new TextEncoder().encode(s);
let client: Client;
let worker: Worker;
let running: Promise<void>;
const taskQueue = uniqueId('poison');

beforeAll(async () => {
  client = await connectClient();
  ({ worker } = await createWorker({ taskQueue, bundle: 'fixture' }));
  running = worker.run();
});

afterAll(async () => {
  worker.shutdown();
  await running;
});

it('survives signals with undecodable payloads and keeps working', async () => {
  const workflowId = uniqueId('poison');
  const handle = await client.workflow.start(fixtureTimerWorkflow, { taskQueue, workflowId, args: [3_600_000] });
  const poison: { metadata: Record<string, Uint8Array>; data: Uint8Array }[] = [
    { metadata: { encoding: enc('binary/unknown-encoding') }, data: enc('???') },
    { metadata: { encoding: enc('json/plain') }, data: enc('{"requestId": tru') },
    {
      metadata: { encoding: enc('binary/encrypted'), 'encryption-key-id': enc('does-not-exist') },
      data: new Uint8Array(64),
    },
  ];
  // A corrupt payload under our real key id: valid metadata, garbage ciphertext.
  const [real] = await client.options.loadedDataConverter.payloadCodecs[0]!.encode([
    { metadata: { encoding: enc('json/plain') }, data: enc('1') },
  ]);
  poison.push({
    metadata: real!.metadata as Record<string, Uint8Array>,
    data: new Uint8Array(real!.data!.length).fill(9),
  });
  for (const payload of poison) {
    await client.connection.workflowService.signalWorkflowExecution({
      namespace: client.options.namespace,
      workflowExecution: { workflowId },
      signalName: poke.name,
      input: { payloads: [payload] },
      identity: 'poison-test',
    });
  }
  await handle.signal(poke, { fine: true });
  await expect
    .poll(() => handle.query(received), { timeout: 20_000 })
    .toEqual(['undecodable', 'undecodable', 'undecodable', 'undecodable', '{"fine":true}']);
  const { events } = await handle.fetchHistory();
  const failedTasks = (events ?? []).filter(
    (e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED,
  );
  expect(failedTasks).toHaveLength(0);
  expect((await handle.describe()).status.name).toBe('RUNNING');
  await handle.terminate('test done');
});
