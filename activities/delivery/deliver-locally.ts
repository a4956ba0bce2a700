// Delivery that a local activity can do: writing to the outbox is a local file, and a second
// attempt only rewrites the same file, so it needs neither an activity task on the server nor a
// heartbeat. Messages this worker sends over the network (SMTP, an SMS provider) are handed back
// untried for the heartbeating batch activity, as is anything a local write failed to send.
import { ApplicationFailure } from '@temporalio/common';
import type { Channel } from '../../domain/types.js';
import type {
  DeliveryReceipt,
  DeliveryRequest,
  DeliveryTransport,
  LocalDeliveryOutcome,
} from '../../contract/delivery.js';

export function createLocalDelivery(
  deliverMessage: (request: DeliveryRequest) => Promise<DeliveryReceipt>,
  transportFor: (channel: Channel) => DeliveryTransport,
) {
  /** One outcome per request, in order; never throws for a message, so a failed write costs no retry here. */
  return async function deliverLocally(requests: DeliveryRequest[]): Promise<LocalDeliveryOutcome[]> {
    const outcomes: LocalDeliveryOutcome[] = [];
    let writable = true;
    for (const request of requests) {
      const { messageId } = request;
      if (transportFor(request.channel) !== 'outbox') {
        outcomes.push({ status: 'remote', messageId });
      } else if (!writable) {
        outcomes.push({ status: 'pending', messageId });
      } else {
        try {
          outcomes.push({ status: 'delivered', receipt: await deliverMessage(request) });
        } catch (error) {
          if (error instanceof ApplicationFailure && error.nonRetryable) {
            outcomes.push({ status: 'failed', messageId, reason: error.message });
          } else {
            // A full disk or a missing permission fails the next write too: the batch activity
            // retries those with backoff, and its failure shows what went wrong.
            writable = false;
            outcomes.push({ status: 'pending', messageId });
          }
        }
      }
    }
    return outcomes;
  };
}
