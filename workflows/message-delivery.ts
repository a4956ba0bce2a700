// How a token workflow sends its queued messages and audits each outcome. Runs on the quick path
// send the whole queue in one heartbeating activity; older runs send one message per activity.
import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { EaActivities } from '../activities/create-activities.js';
import type { DeliveryReceipt, DeliveryRequest } from '../activities/delivery/deliver-activity.js';
import type { DeliveryOutcome } from '../activities/delivery/deliver-batch.js';
import type { AuditEvent } from '../domain/audit.js';

const deliveryRetry = { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 8 } as const;
const single = proxyActivities<EaActivities>({ startToCloseTimeout: '2 minutes', retry: deliveryRetry });
// A batch heartbeats while it sends, so a dead worker is noticed in 30 s whatever the batch's size.
const batch = proxyActivities<EaActivities>({ startToCloseTimeout: '10 minutes', heartbeatTimeout: '30 seconds', retry: deliveryRetry });

const deliveredEvent = (message: DeliveryRequest, receipt: DeliveryReceipt): AuditEvent => ({
  type: 'message-delivered',
  outcome: 'ok',
  reason: null,
  detail: { template: message.template, channel: receipt.channel, transport: receipt.transport },
});
const failedEvent = (message: DeliveryRequest, reason: string): AuditEvent => ({
  type: 'delivery-failed',
  outcome: 'failed',
  reason,
  detail: { template: message.template, channel: message.channel },
});
const failureReason = (error: unknown) => (error instanceof ActivityFailure ? (error.cause?.message ?? error.message) : String(error));

/** Sends what is queued in `outbox`, handing each outcome's audit event to `record`. */
export function messageDelivery(outbox: DeliveryRequest[], record: (event: AuditEvent) => void, batched: boolean) {
  async function deliverOne(message: DeliveryRequest): Promise<void> {
    try {
      record(deliveredEvent(message, await single.deliverMessage(message)));
    } catch (error) {
      record(failedEvent(message, failureReason(error)));
    }
  }

  /** The whole queue in one activity; what an outage left unsent goes back to the queue. */
  async function deliverQueued(): Promise<void> {
    const messages = outbox.splice(0);
    let outcomes: DeliveryOutcome[];
    try {
      outcomes = await batch.deliverMessages(messages);
    } catch (error) {
      for (const message of messages) record(failedEvent(message, failureReason(error)));
      return;
    }
    const unsent = messages.filter((message, i) => {
      const outcome = outcomes[i] ?? { status: 'failed', messageId: message.messageId, reason: 'the delivery activity gave no outcome for it' };
      if (outcome.status === 'delivered') record(deliveredEvent(message, outcome.receipt));
      else if (outcome.status === 'failed') record(failedEvent(message, outcome.reason));
      return outcome.status === 'pending';
    });
    outbox.unshift(...unsent);
  }

  return {
    /** Resolves when the queue is empty. */
    async deliverAll(): Promise<void> {
      while (outbox.length > 0) await (batched ? deliverQueued() : deliverOne(outbox.shift()!));
    },
  };
}
