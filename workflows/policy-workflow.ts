// The singleton policy document (id `ea-policy`): the seed's settings page, versioned, every change
// audited. Token workflows learn of changes through a paced broadcast.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { EaActivities } from '../activities/create-activities.js';
import { policyHistoryQuery, policyQuery, principalsChangedSignal, setPolicyUpdate } from '../contract/messages.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import type { PrincipalsView } from '../trust/principal.js';
import { RecentRequests, type RecentRequestsSnapshot } from '../trust/recent-requests.js';
import { requestVerifier } from './signed-requests.js';
import { TrustGate } from './trust-gate.js';
import { parse } from '../contract/payload-schemas.js';
import { PolicyEntity, type PolicySnapshot } from './policy-entity.js';
import { validatorOf } from './validate.js';

export type PolicyWorkflowInput = PolicySnapshot & {
  principals?: PrincipalsView;
  recentRequests?: RecentRequestsSnapshot;
};

const { broadcastPolicy, exportAudit, fetchPrincipals } = proxyActivities<EaActivities>({
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
  let broadcastDue = false;

  setHandler(policyQuery, () => entity.policy);
  setHandler(policyHistoryQuery, () => entity.history);
  setHandler(
    setPolicyUpdate,
    async (payload) => {
      const { policy, record } = entity.set(await verified('setPolicy', payload), Date.now());
      if (record) {
        broadcastDue = true;
        await exportAudit([record]);
      }
      return policy;
    },
    // Rejected in the validator, so a refused change leaves no trace in history.
    validatorOf(parse.setPolicy, (payload) => entity.check(payload)),
  );

  setHandler(principalsChangedSignal, (payload) => gate.heard(payload));

  for (;;) {
    await condition(() => broadcastDue || workflowInfo().continueAsNewSuggested);
    if (broadcastDue) {
      broadcastDue = false;
      await broadcastPolicy(entity.policy);
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof policyWorkflow>({
        ...entity.snapshot(),
        principals: gate.snapshot(),
        recentRequests: recent.snapshot(),
      });
    }
  }
}
