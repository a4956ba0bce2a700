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
import { policyHistoryQuery, policyQuery, setPolicyUpdate } from '../contract/messages.js';
import { parse } from '../contract/payload-schemas.js';
import { PolicyEntity, type PolicySnapshot } from './policy-entity.js';
import { validatorOf } from './validate.js';

export type PolicyWorkflowInput = PolicySnapshot;

const { broadcastPolicy, exportAudit } = proxyActivities<EaActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
});

export async function policyWorkflow(input: PolicyWorkflowInput): Promise<void> {
  const entity = new PolicyEntity(input);
  let broadcastDue = false;

  setHandler(policyQuery, () => entity.policy);
  setHandler(policyHistoryQuery, () => entity.history);
  setHandler(
    setPolicyUpdate,
    async (payload) => {
      const { policy, record } = entity.set(payload, Date.now());
      if (record) {
        broadcastDue = true;
        await exportAudit([record]);
      }
      return policy;
    },
    // Rejected in the validator, so a refused change leaves no trace in history.
    validatorOf(parse.setPolicy, (payload) => entity.check(payload)),
  );

  for (;;) {
    await condition(() => broadcastDue || workflowInfo().continueAsNewSuggested);
    if (broadcastDue) {
      broadcastDue = false;
      await broadcastPolicy(entity.policy);
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof policyWorkflow>(entity.snapshot());
    }
  }
}
