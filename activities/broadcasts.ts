// Tells running workflows of a change: tokens of a new policy, every workflow that checks signed
// requests of a new registry version. Done from an activity, in paced batches, because a workflow
// may have at most 2,000 outgoing signals pending (engineering notes, trap 4). A signal that fails
// (other than to a workflow that closed meanwhile) fails the activity after the pass, so Temporal
// retries it: a repeat is harmless, receivers ignore what they already have.
import { Context } from '@temporalio/activity';
import { status } from '@grpc/grpc-js';
import { isGrpcServiceError, WorkflowNotFoundError, type Client, type WorkflowHandle } from '@temporalio/client';
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

/** Failures named in the activity's error, at most. */
const NAMED_FAILURES = 5;

/** Signals every running workflow the query lists; one that closed meanwhile needs nothing. */
async function broadcast(
  client: Client,
  query: string,
  send: (handle: WorkflowHandle) => Promise<void>,
): Promise<number> {
  let sent = 0;
  const failed: { workflowId: string; error: unknown }[] = [];
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
    const { workflowId } = next.value;
    batch.push(
      send(client.workflow.getHandle(workflowId)).then(
        () => void sent++,
        (error: unknown) => {
          if (!(error instanceof WorkflowNotFoundError)) failed.push({ workflowId, error });
        },
      ),
    );
    if (batch.length >= CONCURRENCY) {
      await Promise.all(batch);
      batch = [];
      Context.current().heartbeat(sent);
    }
  }
  await Promise.all(batch);
  if (failed.length > 0) {
    const named = failed.slice(0, NAMED_FAILURES).map((f) => f.workflowId);
    throw new Error(
      `${failed.length} of ${sent + failed.length} workflows could not be told (${named.join(', ')}${failed.length > named.length ? ', …' : ''}): ${String(failed[0]!.error)}`,
      { cause: failed[0]!.error },
    );
  }
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
