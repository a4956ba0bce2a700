// A token's activities as Temporal sees them: the attempt still pending (describe), the finished
// ones (history) and the local ones (their markers), so tests can prove retries happened, or did not.
import type { Client } from '@temporalio/client';
import proto from '@temporalio/proto';
import { tokenWorkflowId } from '../../contract/messages.js';

const { EventType, RetryState } = proto.temporal.api.enums.v1;

export interface PendingAttempt {
  activityType: string;
  attempt: number;
  lastFailure: string | null;
}

/** The pending activities of the token's workflow. */
export async function pendingActivities(client: Client, serial: string): Promise<PendingAttempt[]> {
  const { raw } = await client.workflow.getHandle(tokenWorkflowId(serial)).describe();
  return (raw.pendingActivities ?? []).map((pending) => ({
    activityType: pending.activityType?.name ?? '',
    attempt: pending.attempt ?? 0,
    lastFailure: pending.lastFailure?.message ?? null,
  }));
}

export interface FinishedActivity {
  activityType: string;
  /** The attempt that finished it: 1 means it was never retried. */
  attempt: number;
  outcome: 'completed' | 'failed' | 'timed-out' | 'canceled';
  retryState: string | null;
}

/** The local activities the token's workflow ran, in order, by type (from their history markers). */
export async function localActivities(client: Client, serial: string): Promise<string[]> {
  const history = await client.workflow.getHandle(tokenWorkflowId(serial)).fetchHistory();
  return (history.events ?? []).flatMap((event) => {
    const marker = event.markerRecordedEventAttributes;
    const data = marker?.markerName === 'core_local_activity' ? marker.details?.data?.payloads?.[0]?.data : undefined;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type] : [];
  });
}

/** Every activity the token's workflow scheduled and that has finished, in order. */
export async function finishedActivities(
  client: Client,
  serial: string,
  activityType?: string,
): Promise<FinishedActivity[]> {
  const history = await client.workflow.getHandle(tokenWorkflowId(serial)).fetchHistory();
  const scheduled = new Map<string, string>();
  const started = new Map<string, number>();
  const finished: FinishedActivity[] = [];
  const finish = (id: unknown, outcome: FinishedActivity['outcome'], retryState?: number | null) => {
    const key = String(id);
    finished.push({
      activityType: scheduled.get(key) ?? '',
      attempt: started.get(key) ?? 0,
      outcome,
      retryState: retryState ? (RetryState[retryState] ?? null) : null,
    });
  };
  for (const event of history.events ?? []) {
    const id = String(event.eventId);
    switch (event.eventType) {
      case EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        scheduled.set(id, event.activityTaskScheduledEventAttributes?.activityType?.name ?? '');
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
        started.set(
          String(event.activityTaskStartedEventAttributes?.scheduledEventId),
          event.activityTaskStartedEventAttributes?.attempt ?? 0,
        );
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED:
        finish(event.activityTaskCompletedEventAttributes?.scheduledEventId, 'completed');
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED:
        finish(
          event.activityTaskFailedEventAttributes?.scheduledEventId,
          'failed',
          event.activityTaskFailedEventAttributes?.retryState,
        );
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT:
        finish(
          event.activityTaskTimedOutEventAttributes?.scheduledEventId,
          'timed-out',
          event.activityTaskTimedOutEventAttributes?.retryState,
        );
        break;
      case EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED:
        finish(event.activityTaskCanceledEventAttributes?.scheduledEventId, 'canceled');
        break;
      default:
        break; // timers, signals, workflow tasks…: no activity of the token's starts or ends there
    }
  }
  return activityType ? finished.filter((activity) => activity.activityType === activityType) : finished;
}
