// One interface for every way an SMS leaves (product spec §7): an HTTP provider, an e-mail-to-SMS
// gateway, or the outbox. Bodies arrive already checked to fit one GSM-7 segment.

export interface SmsMessage {
  /** E.164, e.g. +15551234567. */
  to: string;
  body: string;
  /** The workflow's deterministic id, so a retry is recognisable as the same message. */
  messageId: string;
  /** When the workflow queued it; names the outbox file. */
  queuedAt?: string;
}

export interface SmsSender {
  /** Resolves once the provider accepted the message; throws permanent failures as non-retryable. */
  send(msg: SmsMessage): Promise<void>;
}

/** E.164: a +, a non-zero country digit, at most 15 digits in all. */
export const E164 = /^\+[1-9]\d{6,14}$/;
