// A token's queued messages in one activity task, in order: a signalled loss sends its codes and
// the "EA started" notice with one server round trip instead of two. Outbox messages are written by
// the local activity in deliver-locally.ts first; this sends the rest. Progress is heartbeated, so
// an attempt after a worker crash skips what already went out, and a dead worker is noticed within
// the heartbeat timeout rather than the whole start-to-close timeout.
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { DeliveryOutcome, DeliveryReceipt, DeliveryRequest } from '../../contract/delivery.js';

// Well inside the workflow's heartbeat timeout, so a slow SMTP send is not taken for a dead worker.
const HEARTBEAT_EVERY_MS = 5_000;

async function heartbeating<T>(context: Context, work: Promise<T>, progress: DeliveryOutcome[]): Promise<T> {
  const beat = setInterval(() => context.heartbeat([...progress]), HEARTBEAT_EVERY_MS);
  try {
    return await work;
  } finally {
    clearInterval(beat);
  }
}

/**
 * One outcome per request. A transient failure ends the attempt: thrown while nothing has gone out
 * (Temporal retries with backoff, and exhausted retries mean none was delivered), otherwise the
 * rest come back `pending`, so delivered messages are never reported as failed.
 */
export function createBatchDelivery(deliverMessage: (request: DeliveryRequest) => Promise<DeliveryReceipt>) {
  return async function deliverMessages(requests: DeliveryRequest[]): Promise<DeliveryOutcome[]> {
    const context = Context.current();
    const outcomes: DeliveryOutcome[] = [...((context.info.heartbeatDetails as DeliveryOutcome[] | undefined) ?? [])];
    for (const request of requests.slice(outcomes.length)) {
      let outcome: DeliveryOutcome;
      try {
        outcome = { status: 'delivered', receipt: await heartbeating(context, deliverMessage(request), outcomes) };
      } catch (error) {
        if (error instanceof ApplicationFailure && error.nonRetryable)
          outcome = { status: 'failed', messageId: request.messageId, reason: error.message };
        else if (outcomes.length === 0) throw error;
        else
          return [
            ...outcomes,
            ...requests
              .slice(outcomes.length)
              .map((r): DeliveryOutcome => ({ status: 'pending', messageId: r.messageId })),
          ];
      }
      outcomes.push(outcome);
      // Writing an outbox file again only rewrites it, so its progress needs no server round trip;
      // the interval above still records it while a batch takes long.
      if (outcome.status !== 'delivered' || outcome.receipt.transport !== 'outbox') context.heartbeat([...outcomes]);
    }
    return outcomes;
  };
}
