// What workflows ask the delivery activities to send, and what they answer: shared by the workflows
// that queue messages and the activities that render and send them.
import type { Channel } from '../domain/types.js';

export const TEMPLATE_NAMES = [
  'emergency-started',
  'emergency-ended',
  'emergency-codes',
  'on-demand-code',
  'emergency-ending-soon',
  'replacement-window-open',
  'token-locked',
] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export interface DeliveryRequest {
  /** Deterministic, from workflow id + sequence; used as the Message-ID so a retry re-sends the SAME message. */
  messageId: string;
  channel: Channel;
  to: string;
  template: TemplateName;
  /** Template variables (see the files in `activities/delivery/templates/`); `helpDesk` comes from the configuration. */
  vars: Record<string, string>;
  /**
   * The codes the message carries, sealed to the workers' key: the delivery activity opens them into
   * the `codes` and `code` variables, so they are readable nowhere but in a worker.
   */
  sealedCodes?: string;
  /** When the workflow queued it (workflow time): names its outbox file, the same on every attempt. */
  queuedAt?: string;
}

/** A message whose delivery failed, kept (and carried over continue-as-new) to be tried again. */
export interface HeldMessage {
  message: DeliveryRequest;
  failures: number;
  lastError: string;
  /** Workflow time, ms. */
  nextAttemptAt: number;
  giveUpAt: number;
}

export type DeliveryTransport = 'smtp' | 'outbox' | 'http-sms' | 'email-gateway';

export interface DeliveryReceipt {
  channel: Channel;
  to: string;
  transport: DeliveryTransport;
  messageId: string;
  at: string;
}

export type DeliveryOutcome =
  | { status: 'delivered'; receipt: DeliveryReceipt }
  /** Refused for good (bad address, 5xx): retrying would not help. */
  | { status: 'failed'; messageId: string; reason: string }
  /** Not tried: an earlier message failed transiently after others went out; send it again. */
  | { status: 'pending'; messageId: string };

export type LocalDeliveryOutcome =
  | DeliveryOutcome
  /** This worker sends the message's channel over the network: the batch activity's job. */
  | { status: 'remote'; messageId: string };
