// Tells every running token workflow about a new policy. Done from an activity, in paced batches,
// because a workflow may have at most 2,000 outgoing signals pending (engineering notes, trap 4).
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import type { Policy } from '../domain/types.js';
import { policyChangedSignal } from '../contract/messages.js';

const CONCURRENCY = 16;

export function createPolicyBroadcast(client: Client) {
  return {
    async broadcastPolicy(policy: Policy): Promise<number> {
      let sent = 0;
      let batch: Promise<void>[] = [];
      const query = `WorkflowType = 'tokenWorkflow' AND ExecutionStatus = 'Running'`;
      for await (const execution of client.workflow.list({ query })) {
        batch.push(
          client.workflow
            .getHandle(execution.workflowId)
            .signal(policyChangedSignal, policy)
            .then(
              () => void sent++,
              () => undefined,
            ), // a token that closed meanwhile needs no policy
        );
        if (batch.length >= CONCURRENCY) {
          await Promise.all(batch);
          batch = [];
          Context.current().heartbeat(sent);
        }
      }
      await Promise.all(batch);
      return sent;
    },
  };
}
