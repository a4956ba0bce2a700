// Tells running workflows of a change: tokens of a new policy, every workflow that checks signed
// requests of a new registry version. One page of the visibility list per activity: the workflow
// keeps the position (the page token) and the progress, so a broadcast survives worker and server
// restarts. Within a page the activity heartbeats how far it got, and a retried attempt resumes
// there. These signals are sent by a client, not by a workflow, so the 2,000 pending outgoing
// signals of a workflow (engineering notes, trap 4) do not bound them; the frontend's rate limit
// does, hence a bounded number in flight. A repeat is harmless: receivers ignore what they have.
import { Context } from '@temporalio/activity';
import { status } from '@grpc/grpc-js';
import { isGrpcServiceError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { policyChangedSignal, principalsChangedSignal } from '../contract/messages.js';
import type { Policy } from '../domain/types.js';

/** What a broadcast says: the whole policy, or the registry's new version. */
export type BroadcastMessage = { kind: 'policy'; policy: Policy } | { kind: 'principals'; version: number };

/** One activity's share: the next page's token (null: the list is done), how many were told, who failed. */
export interface BroadcastPage {
  next: string | null;
  told: number;
  failed: string[];
}

/** How far an attempt got in its page: every workflow up to `through` (in list order) was handled. */
interface PageHeartbeat {
  through: string;
  told: number;
  failed: string[];
}

const PAGE_SIZE = 1_000;
/**
 * Signals in flight. Measured, 400 signals to the dev server on this shared 2-core machine: 16 → 100/s,
 * 64 → 99–133/s, 128 → 167/s, 256 → 117/s. The embedded server's writes bound it, not the client;
 * 64 leaves a cluster room to go faster without flooding the frontend's rate limit.
 */
const SIGNAL_CONCURRENCY = 64;
const TRIES = 3;
/** More failures than this in one page point at the server, not at a few workflows: fail and retry. */
const FAILURES_PER_PAGE = 50;

/** A server without visibility (the time-skipping test server) lists nothing: nobody to tell. */
function unimplemented(error: unknown): boolean {
  for (let current = error; current instanceof Error; current = current.cause) {
    if (isGrpcServiceError(current)) return current.code === status.UNIMPLEMENTED;
  }
  return false;
}

function queryOf(message: BroadcastMessage): string {
  const types = message.kind === 'policy' ? ['tokenWorkflow'] : ['tokenWorkflow', 'userWorkflow', 'policyWorkflow'];
  return `WorkflowType IN (${types.map((type) => `'${type}'`).join(', ')}) AND ExecutionStatus = 'Running'`;
}

/** Sends the message to one workflow, with a few quick retries; false when it could not. */
function senderOf(client: Client, message: BroadcastMessage): (workflowId: string) => Promise<boolean> {
  const send = (workflowId: string) => {
    const handle = client.workflow.getHandle(workflowId);
    return message.kind === 'policy'
      ? handle.signal(policyChangedSignal, message.policy)
      : handle.signal(principalsChangedSignal, { version: message.version });
  };
  return async (workflowId) => {
    for (let attempt = 1; ; attempt++) {
      try {
        await send(workflowId);
        return true;
      } catch (error) {
        // One that closed meanwhile needs nothing.
        if (error instanceof WorkflowNotFoundError) return true;
        if (attempt >= TRIES) return false;
        await new Promise((resolve) => setTimeout(resolve, 100 * 4 ** attempt));
      }
    }
  };
}

/**
 * Tells `ids` in order, `SIGNAL_CONCURRENCY` at a time, skipping those a previous attempt handled
 * (its heartbeat names the last of a contiguous run), and heartbeats as the run grows.
 */
async function tell(
  ids: string[],
  send: (workflowId: string) => Promise<boolean>,
): Promise<Omit<BroadcastPage, 'next'>> {
  const context = Context.current();
  // An attempt that failed on too many failures starts its page over; one cut off resumes.
  const details = context.info.heartbeatDetails as PageHeartbeat | undefined;
  const resumed = details && details.failed.length <= FAILURES_PER_PAGE ? details : undefined;
  const start = resumed ? ids.indexOf(resumed.through) + 1 : 0;
  // Counted only up to the contiguous run, as heartbeats say: a resumed attempt sends the rest again.
  let told = resumed && start > 0 ? resumed.told : 0;
  const failed = resumed && start > 0 ? [...resumed.failed] : [];
  const outcomes = new Array<boolean | undefined>(ids.length);
  let failures = failed.length;
  let through = start;
  let next = start;
  let stopped = false;
  const worker = async () => {
    while (next < ids.length && !stopped) {
      // Cancelled (the workflow gave up on this attempt): stop where the heartbeat says.
      if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
      const index = next++;
      const ok = await send(ids[index]!);
      if (!ok && ++failures > FAILURES_PER_PAGE) {
        stopped = true;
        throw new Error(`${failures} workflows could not be told (${ids[index]}, …)`);
      }
      outcomes[index] = ok;
      for (; through < ids.length && outcomes[through] !== undefined; through++) {
        if (outcomes[through]) told++;
        else failed.push(ids[through]!);
      }
      if (through > 0) context.heartbeat({ through: ids[through - 1]!, told, failed } satisfies PageHeartbeat);
    }
  };
  await Promise.all(Array.from({ length: SIGNAL_CONCURRENCY }, worker));
  return { told, failed };
}

export function createBroadcasts(client: Client) {
  const { namespace } = client.options;
  return {
    /** How many workflows the broadcast will tell, as visibility counts them now. */
    async countRecipients(message: BroadcastMessage): Promise<number> {
      try {
        return (await client.workflow.count(queryOf(message))).count;
      } catch (error) {
        if (unimplemented(error)) return 0;
        throw error;
      }
    },

    /** Tells every workflow on the page `page` (null: the first) names. */
    async broadcastPage(message: BroadcastMessage, page: string | null, pageSize = PAGE_SIZE): Promise<BroadcastPage> {
      let listed;
      try {
        listed = await client.workflowService.listWorkflowExecutions({
          namespace,
          query: queryOf(message),
          pageSize,
          nextPageToken: page === null ? null : Buffer.from(page, 'base64'),
        });
      } catch (error) {
        if (unimplemented(error)) return { next: null, told: 0, failed: [] };
        throw error;
      }
      const ids = (listed.executions ?? []).map((execution) => execution.execution?.workflowId ?? '');
      const result = await tell(
        ids.filter((id) => id !== ''),
        senderOf(client, message),
      );
      const token = listed.nextPageToken;
      return { next: token && token.length > 0 ? Buffer.from(token).toString('base64') : null, ...result };
    },

    /** Tells the named workflows again (those a page could not). */
    async broadcastTo(message: BroadcastMessage, workflowIds: string[]): Promise<BroadcastPage> {
      return { next: null, ...(await tell(workflowIds, senderOf(client, message))) };
    },
  };
}
