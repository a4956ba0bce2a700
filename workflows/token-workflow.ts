// One token's emergency access (id `token-<SERIAL>`): the loop of the entity workflow. The entity
// (token-entity.ts) holds the rules' state, the handlers (token-handlers.ts) feed it messages, and
// this loop runs the one lifetime timer the core asks for, sends queued messages and continues as
// new when the history grows long.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  proxyLocalActivities,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { EaActivities } from '../activities/create-activities.js';
import { auditExport } from './audit-export.js';
import { DeadlineTimer } from './deadline-timer.js';
import { DELIVERY_REQUESTER } from './delivery-events.js';
import { messageDelivery } from './message-delivery.js';
import { SerialExecutor } from './serial-executor.js';
import { TokenEntity, type TokenPorts, type TokenSnapshot } from './token-entity.js';
import { registerTokenHandlers } from './token-handlers.js';
import { TrustGate } from './trust-gate.js';
import type { PrincipalsView } from '../trust/principal.js';
import { RecentRequests, type RecentRequestsSnapshot } from '../trust/recent-requests.js';
import { searchAttributePublisher } from './token-search-attributes.js';

export type TokenWorkflowInput = TokenSnapshot & {
  principals?: PrincipalsView;
  recentRequests?: RecentRequestsSnapshot;
};

const HELD_OUTSIDE_EA_MS = 86_400_000;

const options = { startToCloseTimeout: '30 seconds', retry: { maximumInterval: '30 seconds' } } as const;
// Codes and hashes are local activities: no server round trip. Reads of other workflows stay
// ordinary activities: a local one would hold this workflow's task open while the query it makes
// waits for a workflow task slot on the same worker.
const local = proxyLocalActivities<EaActivities>(options);
const remote = proxyActivities<EaActivities>(options);

export async function tokenWorkflow(input: TokenWorkflowInput): Promise<void> {
  const { workflowId, continuedFromExecutionRunId } = workflowInfo();
  // Only this workflow's own continue-as-new carries state: a run started from outside starts empty.
  const carried = continuedFromExecutionRunId !== undefined ? input : undefined;
  const serial = workflowId.replace(/^token-/, '');
  const ports: TokenPorts = {
    now: () => Date.now(),
    newId: uuid4,
    generateCodes: local.generateCodes,
    checkPasscode: local.checkPasscode,
    checkPin: local.checkPin,
    lookupUser: remote.lookupUser,
    acceptedAttempt: remote.acceptedAttempt,
    // The sink exports when this activation ends: no activity, no pass of the loop.
    exportAudit: (records) => auditExport.export(records),
    publish: searchAttributePublisher(),
  };
  const entity = new TokenEntity({ ...carried, serial }, ports);
  // Handlers that await I/O start after the policy has been loaded (the first run has none).
  const queue = new SerialExecutor(
    carried?.policy ? undefined : remote.fetchPolicy().then((policy) => entity.policyChanged(policy)),
  );
  const gate = new TrustGate(workflowId, carried?.principals, remote.fetchPrincipals);
  const recent = new RecentRequests(carried?.recentRequests);
  registerTokenHandlers({ entity, queue, gate, recent, fetchPolicy: remote.fetchPolicy });

  const delivery = messageDelivery(
    entity.messages,
    entity.held,
    (event) => entity.record(event, DELIVERY_REQUESTER),
    // A message is worth trying while its EA runs; one outside an EA, for a day.
    () => Date.parse(entity.status().expiresAt ?? new Date(Date.now() + HELD_OUTSIDE_EA_MS).toISOString()),
  );
  const timer = new DeadlineTimer();
  const retry = new DeadlineTimer();
  const work = () => entity.notices.length + entity.messages.length > 0 || workflowInfo().continueAsNewSuggested;

  for (;;) {
    // Learn the user's record before it is needed: a signalled loss then sends its codes at once.
    if (entity.state?.userId && !entity.userKnown()) await entity.lookupUser();
    timer.set(entity.deadlineAt);
    retry.set(delivery.nextAttemptAt());
    // A change that leaves the deadline where it was (most authentications) needs no pass of the loop.
    await condition(() => timer.fired || retry.fired || timer.at !== entity.deadlineAt || work());
    if (timer.fired) entity.fireDueTimers();
    if (entity.notices.length > 0) entity.queueNotices(await entity.lookupUser());
    await delivery.deliverAll();
    if (workflowInfo().continueAsNewSuggested) {
      // Signal work on the queue is not a Temporal handler: wait for it too.
      await condition(() => allHandlersFinished() && queue.idle);
      if (entity.notices.length + entity.messages.length === 0)
        await continueAsNew<typeof tokenWorkflow>({
          ...entity.snapshot(),
          principals: gate.snapshot(),
          recentRequests: recent.snapshot(),
        });
    }
  }
}
