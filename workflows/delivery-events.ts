// How a delivery's outcome is audited, the same in the workflow and in memory: as the `delivery`
// actor on the timer's origin, since no caller is waiting for it.
import type { DeliveryReceipt, DeliveryRequest } from '../contract/delivery.js';
import type { AuditEvent } from '../domain/audit.js';
import type { Requester } from '../domain/types.js';

export const DELIVERY_REQUESTER: Requester = { actor: 'delivery', origin: 'timer' };

export const deliveredEvent = (message: DeliveryRequest, receipt: DeliveryReceipt): AuditEvent => ({
  type: 'message-delivered',
  outcome: 'ok',
  reason: null,
  detail: { template: message.template, channel: receipt.channel, transport: receipt.transport },
});

export const failedEvent = (message: DeliveryRequest, reason: string): AuditEvent => ({
  type: 'delivery-failed',
  outcome: 'failed',
  reason,
  detail: { template: message.template, channel: message.channel },
});
