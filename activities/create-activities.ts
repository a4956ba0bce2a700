// Every activity and sink the worker registers, built over the process's long-lived resources (one
// Temporal client, one mail transporter). Workflows import only the types.
import type { Client } from '@temporalio/client';
import { createDeliveryActivities } from './delivery/deliver-activity.js';
import { createBatchDelivery } from './delivery/deliver-batch.js';
import { createLocalDelivery } from './delivery/deliver-locally.js';
import type { DeliveryConfig } from './delivery/config.js';
import { auditFileIn, createAuditSink, createAuditSinks } from './audit-sink.js';
import { createCodeActivities } from './codes.js';
import { createPasscodeCheck } from './passcode-check.js';
import type { WorkerKeyRing } from '../worker/codec/worker-key.js';
import { createDirectoryActivities } from './directory.js';
import { createBroadcasts } from './broadcasts.js';
import { createPrincipalActivities, rootPublicKey } from './principals.js';
import { createIncidentReports } from './incident-reports.js';

export interface ActivityDeps {
  client: Client;
  dataDir: string;
  delivery: DeliveryConfig;
  /** The workers' keys: open sealed seeds, passcodes and message codes; the current one keys code generation. */
  workerKeys: WorkerKeyRing;
}

export function createActivities(deps: ActivityDeps) {
  const {
    deliverMessage,
    transportFor,
    close: closeDelivery,
  } = createDeliveryActivities(deps.delivery, deps.workerKeys);
  const auditFile = auditFileIn(deps.dataDir);
  const activities = {
    ...createCodeActivities(deps.workerKeys),
    ...createPasscodeCheck(deps.workerKeys),
    deliverMessage,
    deliverMessages: createBatchDelivery(deliverMessage),
    deliverLocally: createLocalDelivery(deliverMessage, transportFor),
    ...createAuditSink(auditFile),
    ...createDirectoryActivities(deps.client),
    ...createBroadcasts(deps.client),
    ...createIncidentReports(deps.client, deps.dataDir),
    ...createPrincipalActivities(deps.client, () => rootPublicKey(process.env, deps.dataDir)),
  };
  const close = async () => {
    auditFile.close();
    await closeDelivery();
  };
  return { activities, sinks: createAuditSinks(auditFile), close };
}

export type EaActivities = ReturnType<typeof createActivities>['activities'];
