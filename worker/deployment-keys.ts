// The keys a deployment uses, recorded in the deployment itself (issue 16 item 26, issue 15 item 5):
// the workflow `ea-deployment-keys`, on a task queue no worker polls, whose start input and signals
// are entries `{workerKeyId, workerPublicKey, recordedAt}`, each encrypted under the payload key
// that was current when it was recorded (its id is in the payload's metadata). Every payload key id
// and workers' key id in the record is one that the deployment's payloads may still use.
//
// A worker checks the record before it polls: every recorded payload key must be in its ring and
// open its entry, every recorded workers' key must be in its workers' ring with the same public
// half; otherwise it refuses, naming the keys it lacks. So a worker of another data folder never
// competes for (and fails) this deployment's workflow tasks, and a rotation that dropped a key still
// needed is refused rather than silent. A worker whose current keys are not recorded yet records
// them (the first worker creates the record). `ea doctor` runs the same check without recording.
import { Client, WorkflowIdConflictPolicy } from '@temporalio/client';
import { defaultPayloadConverter, type Payload } from '@temporalio/common';
import { status as grpcStatus } from '@grpc/grpc-js';
import { ENCRYPTED_ENCODING, EncryptionCodec, KEY_ID_METADATA } from './codec/encryption-codec.js';
import type { KeyRing } from './codec/encryption-keys.js';
import type { WorkerKeyRing } from './codec/worker-key.js';

export const DEPLOYMENT_KEYS_WORKFLOW_ID = 'ea-deployment-keys';
/** No worker polls it: the record only holds its history. */
export const DEPLOYMENT_KEYS_TASK_QUEUE = 'ea-deployment-keys';
const RECORD_WORKFLOW_TYPE = 'eaDeploymentKeys';
const KEYS_IN_USE_SIGNAL = 'keysInUse';

interface KeysInUse {
  workerKeyId: string;
  /** base64 of the X25519 public key. */
  workerPublicKey: string;
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

function isKeysInUse(value: unknown): value is KeysInUse {
  const v = value as Partial<KeysInUse> | null;
  return (
    typeof v?.workerKeyId === 'string' && typeof v.workerPublicKey === 'string' && typeof v.recordedAt === 'string'
  );
}

/** Checks the stored entries against the rings; which (payload, worker) pairs are recorded already. */
async function compare(
  entries: Payload[],
  payloadKeys: KeyRing,
  workerKeys: WorkerKeyRing,
): Promise<Omit<DeploymentKeysCheck, 'recorded'> & { pairs: Set<string> }> {
  const codec = new EncryptionCodec(payloadKeys);
  const problems = new Set<string>();
  const payloadKeyIds = new Set<string>();
  const workerKeyIds = new Set<string>();
  const pairs = new Set<string>();
  for (const entry of entries) {
    const payloadKeyId = text(entry.metadata?.[KEY_ID_METADATA]) || '(none)';
    payloadKeyIds.add(payloadKeyId);
    if (!payloadKeys.byId.has(payloadKeyId)) {
      problems.add(`payload key ${payloadKeyId} encrypts this deployment's payloads and is not in this worker's ring`);
      continue;
    }
    const [opened] = await codec.decode([entry]);
    const value = text(opened?.metadata?.encoding) === ENCRYPTED_ENCODING ? null : safeFromPayload(opened!);
    if (!isKeysInUse(value)) {
      problems.add(
        `payload key ${payloadKeyId} in this worker's ring is not the key this deployment calls ${payloadKeyId}`,
      );
      continue;
    }
    workerKeyIds.add(value.workerKeyId);
    pairs.add(`${payloadKeyId} ${value.workerKeyId}`);
    const mine = workerKeys.byId.get(value.workerKeyId);
    if (!mine)
      problems.add(`workers' key ${value.workerKeyId} (recorded ${value.recordedAt}) is not in this worker's ring`);
    else if (Buffer.from(mine.publicKey).toString('base64') !== value.workerPublicKey)
      problems.add(
        `workers' key ${value.workerKeyId} in this worker's ring is not the key this deployment calls ${value.workerKeyId}`,
      );
  }
  return { problems: [...problems], payloadKeyIds: [...payloadKeyIds], workerKeyIds: [...workerKeyIds], pairs };
}

function safeFromPayload(payload: Payload): unknown {
  try {
    return defaultPayloadConverter.fromPayload(payload);
  } catch {
    return null;
  }
}

/**
 * Compares this process's keys with the deployment's record. `record`: add the current keys when
 * they are not recorded yet (a worker at start); false for a read-only look (`ea doctor`).
 * `client` must encode with `payloadKeys` (its data converter's codec).
 */
export async function checkDeploymentKeys(
  client: Client,
  payloadKeys: KeyRing,
  workerKeys: WorkerKeyRing,
  { record }: { record: boolean },
): Promise<DeploymentKeysCheck> {
  const current: KeysInUse = {
    workerKeyId: workerKeys.current.id,
    workerPublicKey: Buffer.from(workerKeys.current.publicKey).toString('base64'),
    recordedAt: new Date().toISOString(),
  };
  const entries = await readRecord(client);
  if (entries === null) {
    if (!record) return { problems: [], payloadKeyIds: [], workerKeyIds: [], recorded: false };
    await client.workflow.start(RECORD_WORKFLOW_TYPE, {
      workflowId: DEPLOYMENT_KEYS_WORKFLOW_ID,
      taskQueue: DEPLOYMENT_KEYS_TASK_QUEUE,
      args: [current],
      // Two first workers at once: one record, and each checks it next.
      workflowIdConflictPolicy: WorkflowIdConflictPolicy.USE_EXISTING,
    });
    return { ...(await checkDeploymentKeys(client, payloadKeys, workerKeys, { record })), recorded: true };
  }
  const { pairs, ...check } = await compare(entries, payloadKeys, workerKeys);
  const known = pairs.has(`${payloadKeys.current.id} ${workerKeys.current.id}`);
  if (check.problems.length > 0 || known || !record) return { ...check, recorded: false };
  await client.workflow.getHandle(DEPLOYMENT_KEYS_WORKFLOW_ID).signal(KEYS_IN_USE_SIGNAL, current);
  return {
    ...check,
    payloadKeyIds: [...new Set([...check.payloadKeyIds, payloadKeys.current.id])],
    workerKeyIds: [...new Set([...check.workerKeyIds, workerKeys.current.id])],
    recorded: true,
  };
}
