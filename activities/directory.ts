// Reads the token workflow needs from its neighbours: the user's record (contacts, on-demand
// channel) and the current policy. Queries are answered by the owning workflow itself, so they are
// consistent, unlike visibility.
import { QueryNotRegisteredError, WorkflowNotFoundError, type Client } from '@temporalio/client';
import { DEFAULT_POLICY } from '../domain/policy.js';
import type { Policy, User } from '../domain/types.js';
import {
  POLICY_WORKFLOW_ID,
  TASK_QUEUE,
  auditQuery,
  policyQuery,
  statusQuery,
  tokenWorkflowId,
  userQuery,
  userWorkflowId,
} from '../contract/messages.js';
import { acceptedAttemptIn } from '../domain/audit.js';
import { holderOf } from '../domain/status.js';

export function createDirectoryActivities(client: Client) {
  return {
    async lookupUser(userId: string): Promise<User | null> {
      try {
        return await client.workflow.getHandle(userWorkflowId(userId)).query(userQuery);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return null;
        throw error;
      }
    },

    /** The user token `serial` says it is assigned to (null: none, retired, or no such token). */
    async tokenOwner(serial: string): Promise<string | null> {
      try {
        return holderOf(await client.workflow.getHandle(tokenWorkflowId(serial)).query(statusQuery));
      } catch (error) {
        // No such workflow, or one never assigned (its status query fails): no holder.
        if (error instanceof WorkflowNotFoundError || error instanceof QueryNotRegisteredError) return null;
        throw error;
      }
    },

    /** The user of token `serial` when its own audit shows it accepted by-user `attempt`, else null. */
    async acceptedAttempt(serial: string, attempt: string): Promise<string | null> {
      try {
        return acceptedAttemptIn(await client.workflow.getHandle(tokenWorkflowId(serial)).query(auditQuery), attempt);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return null;
        throw error;
      }
    },

    /** The current policy; the policy workflow is started on first use with the spec's defaults. */
    async fetchPolicy(): Promise<Policy> {
      const handle = await client.workflow.start('policyWorkflow', {
        workflowId: POLICY_WORKFLOW_ID,
        taskQueue: TASK_QUEUE,
        args: [{ policy: DEFAULT_POLICY, history: [] }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      return handle.query(policyQuery);
    },
  };
}
