// `ea doctor`'s policy check: running tokens whose policy version (search attribute EaPolicyVersion)
// is older than the policy workflow's. While a broadcast runs that is expected; after it, such a
// token missed it (started while the list was read, a signal that kept failing). It still reads the
// policy again before its next emergency decision (POLICY_RECHECK_MS), but until then runs on the old one.
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { broadcastProgressQuery, POLICY_WORKFLOW_ID, policyQuery } from '../../contract/messages.js';
import { EaPolicyVersion, EaSerial } from '../../contract/search-attributes.js';

const NAMED = 5;

export interface PolicyVersions {
  version: number;
  /** Running tokens on an older version, and a few of their serials. */
  behind: number;
  serials: string[];
  /** A broadcast is telling tokens now: being behind is expected until it ends. */
  broadcasting: boolean;
}

const ANSWER_MS = 5_000;

export function policyVersions(client: Client): Promise<PolicyVersions | null> {
  return client.connection.withDeadline(Date.now() + ANSWER_MS, () => read(client));
}

async function read(client: Client): Promise<PolicyVersions | null> {
  const handle = client.workflow.getHandle(POLICY_WORKFLOW_ID);
  let version: number;
  let broadcasting: boolean;
  try {
    version = (await handle.query(policyQuery)).version;
    broadcasting = (await handle.query(broadcastProgressQuery)).state === 'running';
  } catch (error) {
    if (error instanceof WorkflowNotFoundError) return null;
    throw error;
  }
  const query = `WorkflowType = 'tokenWorkflow' AND ExecutionStatus = 'Running' AND ${EaPolicyVersion.name} < ${version}`;
  const { count } = await client.workflow.count(query);
  const serials: string[] = [];
  if (count > 0)
    for await (const execution of client.workflow.list({ query, pageSize: NAMED })) {
      serials.push(String(execution.typedSearchAttributes.get(EaSerial) ?? execution.workflowId));
      if (serials.length >= NAMED) break;
    }
  return { version, behind: count, serials, broadcasting };
}

/** The doctor's message; throws (the check fails) when tokens are behind and no broadcast runs. */
export function policyVersionsMessage(found: PolicyVersions | null): string {
  if (found === null) return 'the policy was never changed: every token runs the defaults';
  const { version, behind, serials, broadcasting } = found;
  if (behind === 0) return `every running token has policy version ${version}`;
  const named = `${serials.join(', ')}${behind > serials.length ? ', …' : ''}`;
  const text = `${behind} running token(s) on a policy older than version ${version} (${named})`;
  if (broadcasting) return `${text}: the broadcast is telling them now`;
  throw new Error(text);
}
