// Spec §5: no plaintext secret in workflow history. Fetch the raw history without the codec and
// scan its bytes for a known secret.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import type { Worker } from '@temporalio/worker';
import { inject } from 'vitest';
import proto from '@temporalio/proto';
import { connectClient, createWorker, uniqueId } from '../support/temporal.js';
import { fixtureTimerWorkflow, poke } from '../support/fixture-workflows.js';

const { temporal } = proto;

let client: Client;
let worker: Worker;
let running: Promise<void>;
const taskQueue = uniqueId('codec');

beforeAll(async () => {
  client = await connectClient();
  ({ worker } = await createWorker({ taskQueue, bundle: 'fixture' }));
  running = worker.run();
});

afterAll(async () => {
  worker.shutdown();
  await running;
});

it('keeps secrets out of the raw history', async () => {
  const secret = 'PLAINTEXT-SECRET-4711';
  const workflowId = uniqueId('codec');
  const handle = await client.workflow.start(fixtureTimerWorkflow, { taskQueue, workflowId, args: [50] });
  await handle.signal(poke, { code: secret });
  await handle.result();
  const raw = new Client({ connection: await Connection.connect({ address: inject('temporalAddress') }) });
  const history = await raw.workflow.getHandle(workflowId).fetchHistory();
  const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
  expect(bytes.includes(secret)).toBe(false);
  expect(bytes.includes('binary/encrypted')).toBe(true);
  // The secret is in there, encrypted: decoding the signal's payload gives it back, so the scan is not vacuous.
  const signal = history.events!.find((e) => e.workflowExecutionSignaledEventAttributes)!;
  const [decoded] = await client.options.loadedDataConverter.payloadCodecs[0]!.decode(
    signal.workflowExecutionSignaledEventAttributes!.input!.payloads!,
  );
  expect(client.options.loadedDataConverter.payloadConverter.fromPayload(decoded!)).toEqual({ code: secret });
});
