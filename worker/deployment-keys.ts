// The keys a deployment uses, recorded in the deployment itself (issue 16 item 26, issue 15 item 5):
// the workflow `ea-deployment-keys`, on a task queue no worker polls, whose start input and signals
// are entries `{payloadKeyIds, workerKeys, recordedAt}`: every payload key id and workers' key (id
// and public half) the deployment's payloads may use, as the worker that wrote the entry knew them.
// Each entry is written once under every payload key in use, so any worker of the deployment can
// open a copy, and AES-GCM makes a copy it opens authentic.
//
// A worker checks the record before it polls: the entries it can open must name only keys it holds
// (workers' keys with the same public half), and it must open at least one; otherwise it refuses,
// naming the keys it lacks. So a worker of another data folder never competes for (and fails) this
// deployment's workflow tasks, and a rotation that dropped a key still needed is refused rather than
// silent. Copies no key of the worker opens are counted and ignored: a signal anyone with namespace
// access sends cannot stop the workers. A worker whose current keys are not recorded yet records
// them (the first worker creates the record). `ea doctor` runs the same check without recording.
import { Client, WorkflowIdConflictPolicy } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { status as grpcStatus } from '@grpc/grpc-js';
import { ENCRYPTED_ENCODING, EncryptionCodec, KEY_ID_METADATA } from './codec/encryption-codec.js';
import { createDataConverter } from './codec/data-converter.js';
import type { KeyRing } from './codec/encryption-keys.js';
import type { WorkerKeyRing } from './codec/worker-key.js';

export const DEPLOYMENT_KEYS_WORKFLOW_ID = 'ea-deployment-keys';
/** No worker polls it: the record only holds its history. */
export const DEPLOYMENT_KEYS_TASK_QUEUE = 'ea-deployment-keys';
const RECORD_WORKFLOW_TYPE = 'eaDeploymentKeys';
const KEYS_IN_USE_SIGNAL = 'keysInUse';

interface WorkerKeyInUse {
  id: string;
  /** base64 of the X25519 public key. */
  publicKey: string;
}

interface KeysInUse {
  payloadKeyIds: string[];
  workerKeys: WorkerKeyInUse[];
  recordedAt: string;
}

export interface DeploymentKeysCheck {
  /** What is wrong, one line each; empty when the keys match. */
  problems: string[];
  /** Payload key ids and workers' key ids the record names. */
  payloadKeyIds: string[];
  workerKeyIds: string[];
  /** Whether this check added the current keys to the record (or created it). */
  recorded: boolean;
  /** Record copies no key of this worker opens: written under keys it lacks, or forged. */
  ignored: number;
}

export class DeploymentKeysMismatch extends Error {
  constructor(readonly check: DeploymentKeysCheck) {
    super(
      [
        "This worker's keys do not match this deployment's; it will not poll (it would fail every workflow task it took):",
        ...check.problems.map((problem) => `  - ${problem}`),
        `Give it the deployment's keys, EA_ENCRYPTION_KEYS with ${check.payloadKeyIds.join(', ')} and ${
          // Entries its ring cannot open do not say which workers' keys they name.
          check.workerKeyIds.length > 0
            ? `EA_WORKER_KEYS with ${check.workerKeyIds.join(', ')}`
            : 'the EA_WORKER_KEYS they use'
        },`,
        'as every other worker of the deployment has them, or point TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE at the deployment it belongs to.',
      ].join('\n'),
    );
    this.name = 'DeploymentKeysMismatch';
  }
}

const text = (bytes: Uint8Array | null | undefined) => new TextDecoder().decode(bytes ?? new Uint8Array());

/** The record's entries as stored (still encrypted), or null when there is no running record. */
async function readRecord(client: Client): Promise<Payload[] | null> {
  const handle = client.workflow.getHandle(DEPLOYMENT_KEYS_WORKFLOW_ID);
  try {
    // A terminated record is a deliberate reset (README, "Keys"): the next worker starts a new one.
    if ((await handle.describe()).status.name !== 'RUNNING') return null;
  } catch (error) {
    if ((error as { code?: number }).code === grpcStatus.NOT_FOUND || (error as Error).name === 'WorkflowNotFoundError')
      return null;
    throw error;
  }
  const entries: Payload[] = [];
  let nextPageToken: Uint8Array | undefined;
  do {
    const page = await client.connection.workflowService.getWorkflowExecutionHistory({
      namespace: client.options.namespace,
      execution: { workflowId: DEPLOYMENT_KEYS_WORKFLOW_ID },
      nextPageToken,
    });
    for (const event of page.history?.events ?? []) {
      const input =
        event.workflowExecutionStartedEventAttributes?.input ?? event.workflowExecutionSignaledEventAttributes?.input;
      entries.push(...((input?.payloads ?? []) as Payload[]));
    }
    nextPageToken = page.nextPageToken?.length ? page.nextPageToken : undefined;
  } while (nextPageToken);
  return entries;
}

const isStrings = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');

function isKeysInUse(value: unknown): value is KeysInUse {
  const v = value as Partial<KeysInUse> | null;
  return (
    isStrings(v?.payloadKeyIds) &&
    Array.isArray(v.workerKeys) &&
    v.workerKeys.every((k: Partial<WorkerKeyInUse>) => typeof k?.id === 'string' && typeof k.publicKey === 'string') &&
    typeof v.recordedAt === 'string'
  );
}

const publicText = (key: Uint8Array) => Buffer.from(key).toString('base64');

/** What the copies this worker can open say is in use, checked against its rings. */
async function compare(
  entries: Payload[],
  payloadKeys: KeyRing,
  workerKeys: WorkerKeyRing,
): Promise<Omit<DeploymentKeysCheck, 'recorded'> & { workerKeysInUse: Map<string, string> }> {
  const codec = new EncryptionCodec(payloadKeys);
  const payloadKeyIds = new Set<string>();
  const workerKeysInUse = new Map<string, string>();
  let ignored = 0;
  for (const entry of entries) {
    // Only a copy this worker decrypts is authentic: a plain payload passes the codec untouched.
    if (text(entry.metadata?.encoding) !== ENCRYPTED_ENCODING) {
      ignored++;
      continue;
    }
    const [opened] = await codec.decode([entry]);
    const value = text(opened?.metadata?.encoding) === ENCRYPTED_ENCODING ? null : safeFromPayload(opened!);
    if (!isKeysInUse(value)) {
      ignored++;
      continue;
    }
    for (const id of value.payloadKeyIds) payloadKeyIds.add(id);
    for (const key of value.workerKeys) workerKeysInUse.set(key.id, key.publicKey);
  }
  const problems: string[] = [];
  if (entries.length > 0 && entries.length === ignored) {
    const named = [...new Set(entries.map((entry) => text(entry.metadata?.[KEY_ID_METADATA]) || '(none)'))];
    problems.push(
      `no payload key in this worker's ring opens this deployment's key record (its copies are under ${named.join(', ')})`,
    );
  }
  for (const id of payloadKeyIds)
    if (!payloadKeys.byId.has(id))
      problems.push(`payload key ${id} encrypts this deployment's payloads and is not in this worker's ring`);
  for (const [id, publicKey] of workerKeysInUse) {
    const mine = workerKeys.byId.get(id);
    if (!mine) problems.push(`workers' key ${id} is in use in this deployment and not in this worker's ring`);
    else if (publicText(mine.publicKey) !== publicKey)
      problems.push(`workers' key ${id} in this worker's ring is not the key this deployment calls ${id}`);
  }
  return {
    problems,
    payloadKeyIds: [...payloadKeyIds],
    workerKeyIds: [...workerKeysInUse.keys()],
    ignored,
    workerKeysInUse,
  };
}

function safeFromPayload(payload: Payload): unknown {
  try {
    return defaultPayloadConverter.fromPayload(payload);
  } catch {
    return null;
  }
}

/** Sends `entry` once under each payload key it names that this worker holds. */
async function writeEntry(client: Client, payloadKeys: KeyRing, entry: KeysInUse, create: boolean): Promise<void> {
  const keys = entry.payloadKeyIds.map((id) => payloadKeys.byId.get(id)!).filter(Boolean);
  for (const [i, key] of keys.entries()) {
    const under = new Client({
      connection: client.connection,
      namespace: client.options.namespace,
      dataConverter: createDataConverter({ ...payloadKeys, current: key }),
    });
    if (create && i === 0) {
      await under.workflow.start(RECORD_WORKFLOW_TYPE, {
        workflowId: DEPLOYMENT_KEYS_WORKFLOW_ID,
        taskQueue: DEPLOYMENT_KEYS_TASK_QUEUE,
        args: [entry],
        // Two first workers at once: one record, and each checks it next.
        workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
      });
    } else {
      await under.workflow.getHandle(DEPLOYMENT_KEYS_WORKFLOW_ID).signal(KEYS_IN_USE_SIGNAL, entry);
    }
  }
}

/**
 * Compares this process's keys with the deployment's record. `record`: add the current keys when
 * they are not recorded yet (a worker at start); false for a read-only look (`ea doctor`).
 */
export async function checkDeploymentKeys(
  client: Client,
  payloadKeys: KeyRing,
  workerKeys: WorkerKeyRing,
  { record }: { record: boolean },
): Promise<DeploymentKeysCheck> {
  const entries = await readRecord(client);
  const { workerKeysInUse, ...check } = await compare(entries ?? [], payloadKeys, workerKeys);
  const current = { payload: payloadKeys.current.id, worker: workerKeys.current };
  const known = check.payloadKeyIds.includes(current.payload) && workerKeysInUse.has(current.worker.id);
  if (check.problems.length > 0 || known || !record) return { ...check, recorded: false };
  const entry: KeysInUse = {
    payloadKeyIds: [...new Set([current.payload, ...check.payloadKeyIds])],
    workerKeys: [
      ...new Map([...workerKeysInUse, [current.worker.id, publicText(current.worker.publicKey)]]).entries(),
    ].map(([id, publicKey]) => ({ id, publicKey })),
    recordedAt: new Date().toISOString(),
  };
  await writeEntry(client, payloadKeys, entry, entries === null);
  // A record another worker created at the same moment kept its own start input: check again.
  if (entries === null)
    return { ...(await checkDeploymentKeys(client, payloadKeys, workerKeys, { record })), recorded: true };
  return {
    ...check,
    payloadKeyIds: entry.payloadKeyIds,
    workerKeyIds: entry.workerKeys.map((key) => key.id),
    recorded: true,
  };
}
