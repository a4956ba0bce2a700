// One mass incident (id `incident-<ID>`, issue 18 item 3): a batch of tokens reported lost at once,
// a page at a time, until the selection is exhausted, paused or cancelled. Every state change is a
// signed request verified here, like the other workflows. The workflow keeps counters and a cursor
// (domain/incident.ts), never the fleet's serials (a `--serials` list excepted, which the start
// request carries); the activities list the pages and sign each token's report with the incident
// principal's key, which only workers hold.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { EaActivities } from '../activities/create-activities.js';
import type { IncidentReport } from '../activities/incident-reports.js';
import { refused } from '../contract/failures.js';
import {
  cancelIncidentUpdate,
  incidentStatusQuery,
  pauseIncidentUpdate,
  principalsChangedSignal,
  resumeIncidentUpdate,
  startIncidentUpdate,
} from '../contract/messages.js';
import { parse, type IncidentControlPayload, type IncidentSelection } from '../contract/payload-schemas.js';
import {
  control,
  incidentStatus,
  isFinished,
  recordPage,
  startIncident,
  wantsPage,
  type Control,
  type IncidentProgress,
  type IncidentStatus,
  type PageOutcome,
} from '../domain/incident.js';
import type { PrincipalsView } from '../trust/principal.js';
import { RecentRequests, type RecentRequestsSnapshot } from '../trust/recent-requests.js';
import type { SignedMessage } from '../trust/roles.js';
import { requestVerifier } from './signed-requests.js';
import { TrustGate } from './trust-gate.js';
import { validatorOf } from './validate.js';

/** Tokens per page: one activity reports them, heartbeating, so a retry repeats little. */
export const INCIDENT_PAGE_SIZE = 100;
/** A run that no accepted start reaches within this ends having done nothing. */
const START_WAIT = '1 minute';

/** The accepted start, as the run keeps it. */
interface IncidentRun {
  selection: IncidentSelection;
  report: IncidentReport;
  pageSize: number;
  startedBy: string;
  startedAt: string;
  progress: IncidentProgress;
}

export interface IncidentWorkflowInput {
  /** Carried by continue-as-new only; a run started from outside ignores it. */
  run?: IncidentRun;
  principals?: PrincipalsView;
  recentRequests?: RecentRequestsSnapshot;
}

const { fetchPrincipals, countIncidentTokens, listIncidentTokens } = proxyActivities<EaActivities>({
  startToCloseTimeout: '30 seconds',
});
const { reportIncidentTokens } = proxyActivities<EaActivities>({
  startToCloseTimeout: '10 minutes',
  // A report takes well under a second: a worker lost mid-page is noticed within seconds.
  heartbeatTimeout: '10 seconds',
});

export async function incidentWorkflow(input: IncidentWorkflowInput = {}): Promise<IncidentStatus | null> {
  const { workflowId, continuedFromExecutionRunId } = workflowInfo();
  const id = workflowId.replace(/^incident-/, '');
  // Only this workflow's own continue-as-new carries state: a run started from outside starts empty.
  const carried = continuedFromExecutionRunId !== undefined ? input : {};
  const gate = new TrustGate(workflowId, carried.principals, fetchPrincipals);
  const recent = new RecentRequests(carried.recentRequests);
  const verified = requestVerifier(gate, workflowId, recent);
  let run: IncidentRun | null = carried.run ?? null;

  const status = (): IncidentStatus | null =>
    run &&
    incidentStatus(id, run.progress, {
      reason: run.report.reason,
      kind: run.report.kind ?? null,
      delivery: run.report.delivery ?? null,
      startedBy: run.startedBy,
      startedAt: run.startedAt,
    });
  const started = (): IncidentRun => {
    if (!run) throw refused(`incident ${id} has not started`);
    return run;
  };

  setHandler(incidentStatusQuery, status);
  setHandler(
    startIncidentUpdate,
    async (payload) => {
      // A client's retry carries the same update id: the server answers it with the first answer.
      const request = await verified('startIncident', payload);
      if (run) throw refused(`incident ${id} has already started`);
      const { selection } = request;
      const total = 'serials' in selection ? selection.serials.length : await countIncidentTokens(selection);
      if (run) throw refused(`incident ${id} has already started`);
      run = {
        selection,
        report: { reason: request.reason, kind: request.kind, delivery: request.delivery },
        pageSize: request.pageSize ?? INCIDENT_PAGE_SIZE,
        startedBy: request.actor,
        startedAt: new Date().toISOString(),
        progress: startIncident(total),
      };
      return status()!;
    },
    validatorOf(parse.startIncident),
  );
  const controlled = (message: SignedMessage, action: Control) => async (payload: IncidentControlPayload) => {
    await verified(message, payload);
    const current = started();
    const outcome = control(current.progress, action);
    if (!outcome.ok) throw refused(outcome.message);
    current.progress = outcome.progress;
    return status()!;
  };
  const controlValidator = validatorOf(parse.incidentControl);
  setHandler(pauseIncidentUpdate, controlled('pauseIncident', 'pause'), controlValidator);
  setHandler(resumeIncidentUpdate, controlled('resumeIncident', 'resume'), controlValidator);
  setHandler(cancelIncidentUpdate, controlled('cancelIncident', 'cancel'), controlValidator);
  setHandler(principalsChangedSignal, (payload) => gate.heard(payload));

  if (!(await condition(() => run !== null, START_WAIT))) return null;
  const current = started();
  while (!isFinished(current.progress)) {
    await condition(() => wantsPage(current.progress) || isFinished(current.progress) || suggested());
    if (suggested()) {
      await condition(allHandlersFinished);
      await continueAsNew<typeof incidentWorkflow>({
        run: carryable(current),
        principals: gate.snapshot(),
        recentRequests: recent.snapshot(),
      });
    }
    if (wantsPage(current.progress)) {
      const page = await nextPage(id, current);
      // Read after the page: a pause or cancel may have landed meanwhile.
      current.progress = recordPage(current.progress, page);
    }
  }
  await condition(allHandlersFinished);
  return status();
}

const suggested = () => workflowInfo().continueAsNewSuggested;

/** Reports the page at the run's cursor: a slice of the serials it was given, or visibility's next page. */
async function nextPage(id: string, { selection, report, pageSize, progress }: IncidentRun): Promise<PageOutcome> {
  const reportAll = (serials: string[]) =>
    serials.length === 0
      ? Promise.resolve({ done: 0, failed: 0, failures: [] })
      : reportIncidentTokens({ incidentId: id, report, serials });
  if ('serials' in selection) {
    const from = Number(progress.cursor ?? 0);
    const to = Math.min(from + pageSize, selection.serials.length);
    const outcome = await reportAll(selection.serials.slice(from, to));
    return { ...outcome, next: to < selection.serials.length ? String(to) : null };
  }
  const page = await listIncidentTokens({
    selection,
    cursor: progress.cursor,
    pageSize,
  });
  return { ...(await reportAll(page.serials)), next: page.next };
}

/** What the next run needs: of a serials list, only what is left. */
function carryable(run: IncidentRun): IncidentRun {
  if (!('serials' in run.selection)) return run;
  const from = Number(run.progress.cursor ?? 0);
  return {
    ...run,
    selection: { serials: run.selection.serials.slice(from) },
    progress: { ...run.progress, cursor: null },
  };
}
