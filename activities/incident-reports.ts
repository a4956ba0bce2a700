// A mass incident's I/O (issue 18 item 3): which tokens it names, page by page from visibility, and
// each one reported lost through the token's own signed `lost` update, so the token decides (its
// trust check, the policy switches for a system origin) and delivers the codes to its user.
//
// Workflows hold no secrets, so the reports are signed here, in the worker, with the key of the
// dedicated `incident` principal (role `system`) in the data folder (`<data>/keys/incident.key`,
// registered by an admin: client/bootstrap.ts). Each report's request id is derived from the
// incident and the serial: a retried page sends the same ids, and a token never issues twice.
import { Context } from '@temporalio/activity';
import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  incidentRequestId,
  lostUpdate,
  statusQuery,
  tokenWorkflowId,
  userQuery,
  userWorkflowId,
} from '../contract/messages.js';
import { parse, type IncidentSelection, type StartIncidentPayload } from '../contract/payload-schemas.js';
import type { IncidentFailure, PageOutcome } from '../domain/incident.js';
import type { Channel } from '../domain/types.js';
import { INCIDENT_PRINCIPAL } from '../client/bootstrap.js';
import { eaErrorOf } from '../client/ea-error-of.js';
import { keyPathIn } from '../client/keys.js';
import { retryWhileBusy } from '../client/retry-while-busy.js';
import { keyFileSigner, type Signer } from '../client/signer.js';
import { EaState, EaUser } from '../contract/search-attributes.js';
import { preferredChannel } from '../workflows/user-contact.js';

/**
 * Reports in flight at once, per page: bounded, so a fleet does not flood the workers. Measured on
 * this (shared, 2-core) machine with 300 tokens: 8 in flight 8.9 tokens/s, 32 in flight 14.5.
 */
const CONCURRENCY = 32;
const ANSWER_TIMEOUT_MS = 30_000;

export type IncidentQuery = Exclude<IncidentSelection, { serials: string[] }>;

/** What each token is asked: the incident's reason and choices, as the start request gave them. */
export type IncidentReport = Pick<StartIncidentPayload, 'reason' | 'kind' | 'delivery'>;

export interface ReportPageInput {
  incidentId: string;
  report: IncidentReport;
  serials: string[];
}

/** What a page has come to so far: the heartbeat a retried attempt resumes from. */
interface PageProgress {
  next: number;
  done: number;
  failed: number;
  failures: IncidentFailure[];
}

/** Visibility's list of the tokens a user-prefix or state selection names. */
export function visibilityQuery(selection: IncidentQuery): string {
  const quoted = (text: string) => `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  const where =
    'userPrefix' in selection
      ? `${EaUser.name} STARTS_WITH ${quoted(selection.userPrefix)}`
      : `${EaState.name} = ${quoted(selection.state)}`;
  return `WorkflowType = 'tokenWorkflow' AND ${where}`;
}

export function createIncidentReports(client: Client, dataDir: string) {
  const signer = keyFileSigner(keyPathIn(dataDir, INCIDENT_PRINCIPAL));
  const { workflowService } = client.connection;
  const namespace = client.options.namespace;

  return {
    /** How many tokens the selection names now (a snapshot: the final count comes from the pages). */
    async countIncidentTokens(selection: IncidentQuery): Promise<number> {
      const { count } = await client.workflow.count(visibilityQuery(selection));
      return count;
    },

    /**
     * One page of the selection: its serials and the cursor of the next page (null at the end). The
     * server pages by start time and run id, which a token's state change does not move, so a token
     * that leaves the selection once reported does not make the listing skip another.
     */
    async listIncidentTokens(input: {
      selection: IncidentQuery;
      cursor: string | null;
      pageSize: number;
    }): Promise<{ serials: string[]; next: string | null }> {
      const answer = await workflowService.listWorkflowExecutions({
        namespace,
        query: visibilityQuery(input.selection),
        pageSize: input.pageSize,
        nextPageToken: input.cursor === null ? undefined : Buffer.from(input.cursor, 'base64'),
      });
      const serials = (answer.executions ?? []).flatMap((execution) => {
        const id = execution.execution?.workflowId ?? '';
        return id.startsWith('token-') ? [id.slice('token-'.length)] : [];
      });
      const token = answer.nextPageToken;
      return { serials, next: token && token.length > 0 ? Buffer.from(token).toString('base64') : null };
    },

    /** Reports each serial lost, CONCURRENCY at a time; a retried attempt resumes at its heartbeat. */
    async reportIncidentTokens(input: ReportPageInput): Promise<Omit<PageOutcome, 'next'>> {
      const context = Context.current();
      const resumed = context.info.heartbeatDetails as PageProgress | undefined;
      const progress: PageProgress = resumed ?? { next: 0, done: 0, failed: 0, failures: [] };
      // Without the reporter's key no token can be asked: the attempt fails and is retried until
      // the key is in place, rather than failing every token.
      void signer.principal;
      const reportOne = tokenReporter(client, signer, input);
      while (progress.next < input.serials.length) {
        const chunk = input.serials.slice(progress.next, progress.next + CONCURRENCY);
        // A heartbeat per answer keeps a slow chunk alive; what it carries advances per chunk.
        const outcomes = await Promise.all(
          chunk.map((serial) => reportOne(serial).finally(() => context.heartbeat(progress))),
        );
        for (const [i, failure] of outcomes.entries()) {
          if (failure === null) progress.done++;
          else {
            progress.failed++;
            progress.failures.push({ serial: chunk[i]!, reason: failure });
          }
        }
        progress.next += chunk.length;
        context.heartbeat(progress);
      }
      return { done: progress.done, failed: progress.failed, failures: progress.failures };
    },
  };
}

/** Reports one token; answers null when it is in emergency access for this incident, else why not. */
function tokenReporter(client: Client, signer: Signer, { incidentId, report }: ReportPageInput) {
  return async (serial: string): Promise<string | null> => {
    const workflowId = tokenWorkflowId(serial);
    const token = client.workflow.getHandle(workflowId);
    try {
      const delivery = report.delivery ?? (await contactOf(client, serial));
      if (delivery === null) return 'the user has no contact on file';
      const parsed = parse.reportLost({
        requestId: incidentRequestId(incidentId, serial),
        actor: signer.principal,
        origin: 'system',
        reason: report.reason,
        ...(report.kind ? { kind: report.kind } : {}),
        delivery,
      });
      if (!parsed.ok) return parsed.message;
      await retryWhileBusy(() =>
        token.executeUpdate(lostUpdate, { args: [signer.sign(workflowId, lostUpdate.name, parsed.value)] }),
      );
      return null;
    } catch (thrown) {
      if (thrown instanceof WorkflowNotFoundError) return 'token not found';
      const error = eaErrorOf(thrown, `token ${serial}`, ANSWER_TIMEOUT_MS);
      if (error.code === 'not-found') return 'token not found';
      // Unreachable server or worker: the activity fails and is retried from its last heartbeat.
      if (error.code === 'unavailable') throw thrown;
      // A retried report is refused as already handled: it is done if the token is in emergency
      // access by this reporter's hand.
      const status = await token.query(statusQuery);
      if (status.state === 'emergency' && status.startedBy?.actor === signer.principal) return null;
      return error.message;
    }
  };
}

/** The channel the token's user prefers (spec §3: a system's codes go to the contact on file). */
async function contactOf(client: Client, serial: string): Promise<Channel | null> {
  const status = await client.workflow.getHandle(tokenWorkflowId(serial)).query(statusQuery);
  if (status.user === null) return null;
  const user = await client.workflow
    .getHandle(userWorkflowId(status.user))
    .query(userQuery)
    .catch((error: unknown) => {
      if (error instanceof WorkflowNotFoundError) return null;
      throw error;
    });
  return user ? preferredChannel(user) : null;
}
