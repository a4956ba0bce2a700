// The singleton policy document (id `ea-policy`): the seed's settings page, versioned, every change
// audited. Token workflows learn of changes through a paced broadcast.
import { allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { EaActivities } from '../activities/create-activities.js';
import { applyPolicyAssignments } from '../domain/policy.js';
import type { Policy, PolicyChange } from '../domain/types.js';
import { policyHistoryQuery, policyQuery, setPolicyUpdate } from '../contract/messages.js';
import { invalid } from '../contract/failures.js';
import { parse } from '../contract/payload-schemas.js';

export interface PolicyWorkflowInput {
  policy: Policy;
  history: PolicyChange[];
}

const MAX_HISTORY = 1_000;

const { broadcastPolicy, exportAudit } = proxyActivities<EaActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
});

export async function policyWorkflow(input: PolicyWorkflowInput): Promise<void> {
  let { policy, history } = input;
  let broadcastDue = false;

  setHandler(policyQuery, () => policy);
  setHandler(policyHistoryQuery, () => history);
  setHandler(
    setPolicyUpdate,
    async (payload) => {
      const result = applyPolicyAssignments(policy, payload.assignments);
      if (!result.ok || result.changes.length === 0) return policy;
      policy = result.policy;
      const change: PolicyChange = { version: policy.version, at: new Date().toISOString(), actor: payload.actor, changes: result.changes };
      history = [...history, change].slice(-MAX_HISTORY);
      broadcastDue = true;
      await exportAudit([
        {
          id: `ea-policy:${policy.version}`,
          at: change.at,
          serial: 'ea-policy',
          user: null,
          actor: payload.actor,
          origin: 'operator',
          type: 'policy-changed',
          outcome: 'ok',
          reason: null,
          detail: Object.fromEntries(result.changes.map((c) => [c.key, `${c.from} → ${c.to}`])),
        },
      ]);
      return policy;
    },
    {
      // Rejected in the validator, so a refused change leaves no trace in history.
      validator: (payload) => {
        const parsed = parse.setPolicy(payload);
        if (!parsed.ok) throw invalid(parsed.message);
        const result = applyPolicyAssignments(policy, parsed.value.assignments);
        if (!result.ok) throw invalid(result.errors.map((e) => `${e.field}: ${e.message}`).join('; '), result.errors);
      },
    },
  );

  for (;;) {
    await condition(() => broadcastDue || workflowInfo().continueAsNewSuggested);
    if (broadcastDue) {
      broadcastDue = false;
      await broadcastPolicy(policy);
    }
    if (workflowInfo().continueAsNewSuggested) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof policyWorkflow>({ policy, history });
    }
  }
}
