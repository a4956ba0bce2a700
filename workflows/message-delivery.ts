// How a token workflow sends its queued messages and audits each outcome. What goes to the outbox is
// written first in a local activity: the outbox is a local file that a second attempt only rewrites,
// so a signalled loss reaches it within the workflow task that took the signal. The rest goes in one
// heartbeating activity for the whole queue. A message that still fails after the activity's own
// retries (about a quarter of an hour) is held and tried again, with backoff, until the EA it
// belongs to ends: the token's status lists it as undelivered meanwhile.
import { ActivityFailure, proxyActivities, proxyLocalActivities } from '@temporalio/workflow';
import type { EaActivities } from '../activities/create-activities.js';
import type { AuditEvent } from '../domain/audit.js';
import type { Channel } from '../domain/types.js';
import type { DeliveryOutcome, DeliveryRequest, HeldMessage, LocalDeliveryOutcome } from '../contract/delivery.js';
import { deliveredEvent, failedEvent } from './delivery-events.js';

const deliveryRetry = {
  initialInterval: '5 seconds',
  backoffCoefficient: 2,
  maximumInterval: '5 minutes',
  maximumAttempts: 8,
} as const;
// A batch heartbeats while it sends, so a dead worker is noticed in 30 s whatever the batch's size.
const batch = proxyActivities<EaActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '30 seconds',
  retry: deliveryRetry,
});
// One attempt: what it could not write goes on to the batch activity, which retries with backoff.
const local = proxyLocalActivities<EaActivities>({ startToCloseTimeout: '30 seconds', retry: { maximumAttempts: 1 } });

/** Between rounds of attempts on a held message: doubling from a quarter of an hour, at most six hours. */
const HELD_RETRY_MS = 15 * 60_000;
const HELD_RETRY_MAX_MS = 6 * 3_600_000;

const failureReason = (error: unknown) =>
  error instanceof ActivityFailure ? (error.cause?.message ?? error.message) : String(error);

/**
 * Sends what is queued in `outbox`, handing each outcome's audit event to `record`; what fails for
 * now waits in `held` until `giveUpAt()` (workflow time when it first failed).
 */
export function messageDelivery(
  outbox: DeliveryRequest[],
  held: HeldMessage[],
  record: (event: AuditEvent) => void,
  giveUpAt: () => number,
) {
  // Channels the worker said it sends over the network: not offered to the local activity again.
  const remoteChannels = new Set<Channel>();

  const heldIndex = (message: DeliveryRequest) => held.findIndex((h) => h.message.messageId === message.messageId);

  /** Done with a message (delivered, refused for good, or given up): no longer held. */
  function release(message: DeliveryRequest): void {
    const index = heldIndex(message);
    if (index >= 0) held.splice(index, 1);
  }

  /** A failed round: held for the next, with backoff, unless its time is up. */
  function hold(message: DeliveryRequest, reason: string): void {
    const now = Date.now();
    const entry = held[heldIndex(message)] ?? {
      message,
      failures: 0,
      lastError: reason,
      nextAttemptAt: now,
      giveUpAt: giveUpAt(),
    };
    const failures = entry.failures + 1;
    const nextAttemptAt = now + Math.min(HELD_RETRY_MS * 2 ** (failures - 1), HELD_RETRY_MAX_MS);
    if (nextAttemptAt > entry.giveUpAt) {
      release(message);
      record(failedEvent(message, `${reason}; given up after ${failures} rounds of attempts`));
      return;
    }
    if (entry.failures === 0) held.push(entry);
    Object.assign(entry, { failures, lastError: reason, nextAttemptAt });
    record(failedEvent(message, `${reason}; tried again at ${new Date(nextAttemptAt).toISOString()}`));
  }

  /** Audits a delivered or failed message; true when it is still to be sent. */
  function settle(message: DeliveryRequest, outcome: LocalDeliveryOutcome | undefined): boolean {
    if (!outcome)
      outcome = {
        status: 'failed',
        messageId: message.messageId,
        reason: 'the delivery activity gave no outcome for it',
      };
    if (outcome.status === 'delivered' || outcome.status === 'failed') release(message);
    if (outcome.status === 'delivered') record(deliveredEvent(message, outcome.receipt));
    else if (outcome.status === 'failed') record(failedEvent(message, outcome.reason));
    return outcome.status === 'pending' || outcome.status === 'remote';
  }

  /** Writes the outbox messages in a local activity; returns the messages still to be sent. */
  async function deliverLocally(messages: DeliveryRequest[]): Promise<DeliveryRequest[]> {
    const offered = messages.filter((message) => !remoteChannels.has(message.channel));
    if (offered.length === 0) return messages;
    let outcomes: LocalDeliveryOutcome[];
    try {
      outcomes = await local.deliverLocally(offered);
    } catch {
      return messages; // the batch activity tries them all again, with retries
    }
    const settled = new Set<DeliveryRequest>();
    offered.forEach((message, i) => {
      if (outcomes[i]?.status === 'remote') remoteChannels.add(message.channel);
      if (!settle(message, outcomes[i])) settled.add(message);
    });
    return messages.filter((message) => !settled.has(message));
  }

  /** The whole queue in one activity; what an outage left unsent goes back to the queue. */
  async function deliverQueued(): Promise<void> {
    const queued = outbox.splice(0);
    const messages = await deliverLocally(queued);
    if (messages.length === 0) return;
    let outcomes: DeliveryOutcome[];
    try {
      outcomes = await batch.deliverMessages(messages);
    } catch (error) {
      for (const message of messages) hold(message, failureReason(error));
      return;
    }
    outbox.unshift(...messages.filter((message, i) => settle(message, outcomes[i])));
  }

  return {
    /** Resolves when the queue is empty; held messages whose time has come are queued first. */
    async deliverAll(): Promise<void> {
      const now = Date.now();
      for (const entry of held) if (entry.nextAttemptAt <= now) outbox.push(entry.message);
      while (outbox.length > 0) await deliverQueued();
    },
    /** When the next held message is due (workflow time), or null when none is held. */
    nextAttemptAt(): number | null {
      return held.length ? Math.min(...held.map((h) => h.nextAttemptAt)) : null;
    },
  };
}
