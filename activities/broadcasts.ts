// Tells running workflows of a change: tokens of a new policy, every workflow that checks signed
// requests of a new registry version. Done from an activity, in paced batches, because a workflow
// may have at most 2,000 outgoing signals pending (engineering notes, trap 4).
import { Context } from '@temporalio/activity';
import { status } from '@grpc/grpc-js';
import { isGrpcServiceError, type Client, type WorkflowHandle } from '@temporalio/client';
import { policyChangedSignal, principalsChangedSignal } from '../contract/messages.js';
import type { Policy } from '../domain/types.js';

const CONCURRENCY = 16;

/** A server without visibility (the time-skipping test server) lists nothing: nobody to tell. */
function unimplemented(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (isGrpcServiceError(current)) return current.code === status.UNIMPLEMENTED;
  }
  return false;
}

/** Signals every running workflow the query lists; one that closed meanwhile needs nothing. */
async function broadcast(
  client: Client,
  query: string,
  send: (handle: WorkflowHandle) => Promise<void>,
): Promise<number> {
  let sent = 0;
  let batch: Promise<void>[] = [];
  const executions = client.workflow.list({ query })[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<{ workflowId: string }>;
    try {
      next = await executions.next();
    } catch (error) {
      if (unimplemented(error)) break;
      throw error;
    }
    if (next.done) break;
    const execution = next.value;
    batch.push(
      send(client.workflow.getHandle(execution.workflowId)).then(
        () => void sent++,
        () => undefined,
      ),
    );
    if (batch.length >= CONCURRENCY) {
      await Promise.all(batch);
      batch = [];
      Context.current().heartbeat(sent);
    }
  }
  await Promise.all(batch);
  return sent;
}

export function createBroadcasts(client: Client) {
  return {
    broadcastPolicy(policy: Policy): Promise<number> {
      const query = `WorkflowType = 'tokenWorkflow' AND ExecutionStatus = 'Running'`;
      return broadcast(client, query, (handle) => handle.signal(policyChangedSignal, policy));
    },

    broadcastPrincipals(version: number): Promise<number> {
      const types = ['tokenWorkflow', 'userWorkflow', 'policyWorkflow'].map((type) => `'${type}'`).join(', ');
      const query = `WorkflowType IN (${types}) AND ExecutionStatus = 'Running'`;
      return broadcast(client, query, (handle) => handle.signal(principalsChangedSignal, { version }));
    },
  };
}
