// The singleton policy document (id `ea-policy`): the seed's settings page, versioned, every change
// audited. Token workflows learn of changes through a durable broadcast (broadcast.ts).
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { EaActivities } from '../activities/create-activities.js';
import {
  broadcastProgressQuery,
  policyHistoryQuery,
  policyQuery,
  principalsChangedSignal,
  setPolicyUpdate,
  type BroadcastProgress,
} from '../contract/messages.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import type { PrincipalsView } from '../trust/principal.js';
import { RecentRequests, type RecentRequestsSnapshot } from '../trust/recent-requests.js';
import { requestVerifier } from './signed-requests.js';
import { TrustGate } from './trust-gate.js';
import { parse } from '../contract/payload-schemas.js';
import { PolicyEntity, type PolicySnapshot } from './policy-entity.js';
import { validatorOf } from './validate.js';
import { Broadcast } from './broadcast.js';

export type PolicyWorkflowInput = PolicySnapshot & {
  principals?: PrincipalsView;
  recentRequests?: RecentRequestsSnapshot;
  broadcast?: BroadcastProgress;
};

const { exportAudit, fetchPrincipals } = proxyActivities<EaActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
});

export async function policyWorkflow(input: PolicyWorkflowInput): Promise<void> {
  const { workflowId, continuedFromExecutionRunId } = workflowInfo();
  // Only this workflow's own continue-as-new carries state: a run started from outside starts from
  // the defaults, so no policy can be brought in with it.
  const carried = continuedFromExecutionRunId !== undefined ? input : undefined;
  const entity = new PolicyEntity(carried ?? { policy: DEFAULT_POLICY, history: [] });
  const gate = new TrustGate(workflowId, carried?.principals, fetchPrincipals);
  const recent = new RecentRequests(carried?.recentRequests);
  const verified = requestVerifier(gate, workflowId, recent);
  // Tokens start with the policy they read, so a fresh policy has nothing to tell.
  const broadcast = new Broadcast(entity.policy.version, carried?.broadcast);
  const due = () => entity.policy.version > broadcast.reached;

  setHandler(policyQuery, () => entity.policy);
  setHandler(policyHistoryQuery, () => entity.history);
  setHandler(broadcastProgressQuery, () => broadcast.snapshot());
  setHandler(
    setPolicyUpdate,
    async (payload) => {
      const { policy, record } = entity.set(await verified('setPolicy', payload), Date.now());
      if (record) await exportAudit([record]);
      return policy;
    },
    // Rejected in the validator, so a refused change leaves no trace in history.
    validatorOf(parse.setPolicy, (payload) => entity.check(payload)),
  );

  setHandler(principalsChangedSignal, (payload) => gate.heard(payload));

  for (;;) {
    await condition(() => due() || workflowInfo().continueAsNewSuggested);
    if (due()) {
      // Changes made meanwhile are told by the next pass: the newest policy covers every older one.
      await broadcast.run({ kind: 'policy', policy: entity.policy }, entity.policy.version);
      continue;
    }
    await condition(() => allHandlersFinished() || due());
    if (due()) continue;
    await continueAsNew<typeof policyWorkflow>({
      ...entity.snapshot(),
      principals: gate.snapshot(),
      recentRequests: recent.snapshot(),
      broadcast: broadcast.snapshot(),
    });
  }
}
