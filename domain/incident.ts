// A mass incident's progress (issue 18 item 3): a batch of tokens reported lost at once, page by
// page. Pure: the incident workflow keeps this small record (counters, a cursor, the last failures),
// never the list of tokens, so it fits any fleet and crosses continue-as-new whole.
import type { Outcome } from './step.js';
import type { Channel, EaKind, Reason } from './types.js';

export const INCIDENT_STATES = ['running', 'paused', 'cancelled', 'completed'] as const;
export type IncidentState = (typeof INCIDENT_STATES)[number];

/** One token that could not be reported lost, and the token's (or the directory's) reason. */
export interface IncidentFailure {
  serial: string;
  reason: string;
}

/** Failures kept for the status, newest last: the counters hold the rest. */
export const KEPT_FAILURES = 50;

export interface IncidentProgress {
  state: IncidentState;
  /** Tokens selected, as counted when the incident started; the final count once it completes. */
  total: number;
  done: number;
  failed: number;
  /** Where the next page starts (opaque to the domain); null before the first page. */
  cursor: string | null;
  failures: IncidentFailure[];
}

/** What one page of reports came to. `next` null: the selection is exhausted. */
export interface PageOutcome {
  done: number;
  failed: number;
  failures: IncidentFailure[];
  next: string | null;
}

export function startIncident(total: number): IncidentProgress {
  return { state: 'running', total, done: 0, failed: 0, cursor: null, failures: [] };
}

const isOver = (p: IncidentProgress) => p.state === 'cancelled' || p.state === 'completed';

export type Control = 'pause' | 'resume' | 'cancel';

/** An operator's pause, resume or cancel: refused once the incident is over, a no-op when already so. */
export function control(p: IncidentProgress, action: Control): Outcome<{ progress: IncidentProgress }> {
  if (isOver(p)) return { ok: false, code: 'refused', message: `the incident is ${p.state}; it cannot ${action}` };
  const state: IncidentState = action === 'pause' ? 'paused' : action === 'resume' ? 'running' : 'cancelled';
  return { ok: true, progress: { ...p, state } };
}

/**
 * A page's outcome added to the progress. A page that finished while the incident was paused or
 * cancelled still counts (its reports were sent); only a running incident completes.
 */
export function recordPage(p: IncidentProgress, page: PageOutcome): IncidentProgress {
  const done = p.done + page.done;
  const failed = p.failed + page.failed;
  const failures = [...p.failures, ...page.failures].slice(-KEPT_FAILURES);
  const exhausted = page.next === null;
  const completes = exhausted && p.state === 'running';
  return {
    state: completes ? 'completed' : p.state,
    // The count at the start is a snapshot of visibility; once every page is read the truth is known.
    total: exhausted ? done + failed : Math.max(p.total, done + failed),
    done,
    failed,
    cursor: page.next,
    failures,
  };
}

/** Whether the workflow should ask for another page now. */
export function wantsPage(p: IncidentProgress): boolean {
  return p.state === 'running';
}

export function isFinished(p: IncidentProgress): boolean {
  return isOver(p);
}

/** What `ea incident status` shows: the progress without its cursor, and what was asked. */
export interface IncidentStatus {
  id: string;
  state: IncidentState;
  total: number;
  done: number;
  failed: number;
  failures: IncidentFailure[];
  reason: Reason;
  kind: EaKind | null;
  delivery: Channel | null;
  /** The verified principal that started it. */
  startedBy: string;
  startedAt: string;
}

export type IncidentRequest = Pick<IncidentStatus, 'reason' | 'kind' | 'delivery' | 'startedBy' | 'startedAt'>;

export function incidentStatus(id: string, p: IncidentProgress, request: IncidentRequest): IncidentStatus {
  const { state, total, done, failed, failures } = p;
  return { id, state, total, done, failed, failures, ...request };
}
