// Every activity the worker registers, built over the process's long-lived resources (one Temporal
// client, one mail transporter). Workflows import only the type.
import type { Client } from '@temporalio/client';
import { createDeliveryActivities } from './delivery/deliver-activity.js';
import type { DeliveryConfig } from './delivery/config.js';
import { createAuditSink } from './audit-sink.js';
import { generateCodes, hashSecrets } from './codes.js';
import { createDirectoryActivities } from './directory.js';
import { createPolicyBroadcast } from './policy-broadcast.js';

export interface ActivityDeps {
  client: Client;
  dataDir: string;
  delivery: DeliveryConfig;
}

export function createActivities(deps: ActivityDeps) {
  const { deliverMessage, close } = createDeliveryActivities(deps.delivery);
  const activities = {
    generateCodes,
    hashSecrets,
    deliverMessage,
    ...createAuditSink(deps.dataDir),
    ...createDirectoryActivities(deps.client),
    ...createPolicyBroadcast(deps.client),
  };
  return { activities, close };
}

export type EaActivities = ReturnType<typeof createActivities>['activities'];
