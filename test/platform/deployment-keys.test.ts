// Two data folders against one server (issue 16 item 26, issue 15 item 5): the first worker records
// the deployment's keys; a worker with another data folder's keys, or a ring that dropped a key the
// deployment used, refuses to poll at start with a clear message, and `ea doctor` says the same.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { bootstrapEmbeddedAdmin } from '../../cli/platform/bootstrap-admin.js';
import { runDoctor } from '../../cli/platform/doctor.js';
import { TASK_QUEUE } from '../../contract/messages.js';
import { loadKeyRing } from '../../worker/codec/encryption-keys.js';
import { loadWorkerKeyRing } from '../../worker/codec/worker-key.js';
import { prepareNamespace } from '../../worker/prepare-namespace.js';
import { startWorker, type RunningWorker } from '../../worker/start-worker.js';
import { runEa } from '../support/ea-in-process.js';
import { registerNamespace } from '../support/product-env.js';
import { uniqueId } from '../support/temporal.js';
import { temporalCli } from '../support/temporal-cli.js';

const namespace = uniqueId('keys');
const envOf = (dataDir: string, more: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => ({
  TEMPORAL_ADDRESS: inject('temporalAddress'),
  TEMPORAL_NAMESPACE: namespace,
  TEMPORAL_CONFIG_FILE: '/nonexistent/temporal.toml',
  EA_DATA_DIR: dataDir,
  ...more,
});
const folderA = mkdtempSync(join(tmpdir(), 'ea-deployment-a-'));
const folderB = mkdtempSync(join(tmpdir(), 'ea-deployment-b-'));
let connection: Connection;
let first: RunningWorker;

async function pollers(): Promise<number> {
  const queue = await connection.workflowService.describeTaskQueue({
    namespace,
    taskQueue: { name: TASK_QUEUE },
    taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
  });
  return queue.pollers?.length ?? 0;
}

const deploymentCheck = async (env: NodeJS.ProcessEnv) =>
  (await runDoctor(env)).find((check) => check.check === 'deployment keys');

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
  await registerNamespace(connection, namespace);
  await prepareNamespace(connection, namespace, 1);
  first = await startWorker(envOf(folderA));
});

afterAll(async () => {
  await first?.shutdown();
  await connection?.close();
});

it('refuses to poll with another data folder’s keys, and says which keys the deployment uses', async () => {
  // The first worker's pollers show up on the server a moment after it starts: count them once seen.
  await expect.poll(pollers, { timeout: 15_000 }).toBeGreaterThan(0);
  const before = await pollers();
  const payloadKeyOfA = loadKeyRing({}, folderA).current.id;
  await expect(startWorker(envOf(folderB))).rejects.toThrow(
    new RegExp(`keys do not match this deployment[\\s\\S]*${payloadKeyOfA}[\\s\\S]*EA_ENCRYPTION_KEYS`),
  );
  expect(await pollers()).toBe(before);
  expect(await deploymentCheck(envOf(folderB))).toMatchObject({
    ok: false,
    message: expect.stringContaining(payloadKeyOfA),
  });
  expect(await deploymentCheck(envOf(folderA))).toMatchObject({ ok: true });
});

it('is not stopped by forged entries sent with the temporal CLI, plain or posing as encrypted', async () => {
  const forged = { payloadKeyIds: ['evil'], workerKeys: [{ id: 'evil', publicKey: 'AAAA' }], recordedAt: 'x' };
  const plain = await temporalCli(namespace, [
    'workflow',
    'signal',
    '--workflow-id',
    'ea-deployment-keys',
    '--name',
    'keysInUse',
    '--input',
    JSON.stringify(forged),
  ]);
  expect(plain.code).toBe(0);
  const payloadKeyOfA = loadKeyRing({}, folderA).current.id;
  const posing = await temporalCli(namespace, [
    'workflow',
    'signal',
    '--workflow-id',
    'ea-deployment-keys',
    '--name',
    'keysInUse',
    '--input',
    Buffer.from('not a ciphertext of any key').toString('base64'),
    '--input-base64',
    '--input-meta',
    'encoding=binary/encrypted',
    '--input-meta',
    `encryption-key-id=${payloadKeyOfA}`,
  ]);
  expect(posing.code).toBe(0);
  expect(await deploymentCheck(envOf(folderA))).toMatchObject({ ok: true });
  const another = await startWorker(envOf(folderA));
  await another.shutdown();
});

it('rotates both keys under a running token workflow, and refuses a ring that dropped a key it used', async () => {
  // A token in emergency access, its history encrypted under folder A's first keys.
  const envA = envOf(folderA, { TZ: 'UTC' });
  await bootstrapEmbeddedAdmin(envA);
  expect((await runEa(envA, ['user', 'add', 'rot', '--email', 'rot@example.com'])).code).toBe(0);
  const seed = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
  expect(
    (await runEa(envA, ['token', 'add', 'ROT-1', '--user', 'rot', '--seed', seed, '--expires', '2030-01-01'])).code,
  ).toBe(0);
  expect((await runEa(envA, ['lost', 'ROT-1', '--reason', 'temporarily-unavailable', '--json'])).code).toBe(0);
  await first.shutdown();

  const oldPayload = loadKeyRing({}, folderA).current;
  const oldWorker = loadWorkerKeyRing({}, folderA).current;
  const fresh = (fill: number) => Buffer.alloc(32, fill).toString('base64');
  const rotated = envOf(folderA, {
    TZ: 'UTC',
    EA_ENCRYPTION_KEYS: `p2:${fresh(21)},${oldPayload.id}:${oldPayload.key.toString('base64')}`,
    EA_WORKER_KEYS: `w2:${fresh(22)},${oldWorker.id}:${Buffer.from(oldWorker.privateKey).toString('base64')}`,
  });
  const second = await startWorker(rotated);
  try {
    // A fresh worker replays the old history (old key) and takes requests encrypted under the new one.
    const status = await runEa(rotated, ['status', 'ROT-1', '--json']);
    expect([status.code, status.json().state]).toEqual([0, 'emergency']);
    expect((await runEa(rotated, ['found', 'ROT-1', '--json'])).code).toBe(0);
    expect(await deploymentCheck(rotated)).toMatchObject({
      ok: true,
      message: expect.stringMatching(
        new RegExp(`payload keys ${oldPayload.id}, p2; workers' keys ${oldWorker.id}, w2`),
      ),
    });
  } finally {
    await second.shutdown();
  }

  const dropped = envOf(folderA, { EA_ENCRYPTION_KEYS: `p2:${fresh(21)}`, EA_WORKER_KEYS: `w2:${fresh(22)}` });
  await expect(startWorker(dropped)).rejects.toThrow(
    new RegExp(`payload key ${oldPayload.id}[\\s\\S]*not in this worker's ring`),
  );
  expect(await deploymentCheck(dropped)).toMatchObject({ ok: false });
});
