// Which delivery errors Temporal should retry. A permanent failure becomes a non-retryable
// ApplicationFailure; anything else is rethrown as is, so the workflow's retry policy applies.
// Messages name what failed, never the message content (it may hold codes).
import { ApplicationFailure } from '@temporalio/common';

export const DELIVERY_PERMANENT = 'DeliveryPermanent';
export const DELIVERY_INVALID_REQUEST = 'DeliveryInvalidRequest';

/** The recipient's server or provider refused the message for good. */
export function permanentFailure(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, DELIVERY_PERMANENT);
}

/** The request itself cannot be delivered (bad address, unknown template, missing variable). */
export function invalidRequest(message: string): ApplicationFailure {
  return ApplicationFailure.nonRetryable(message, DELIVERY_INVALID_REQUEST);
}

/** The fields nodemailer sets on its errors (its `NodemailerError`), as far as we read them. */
interface MailError {
  code?: string;
  permanent?: boolean;
  message?: string;
}

// Without an SMTP reply these codes mean configuration or address errors that no retry fixes.
const PERMANENT_MAIL_CODES = new Set(['EAUTH', 'ENOAUTH', 'EENVELOPE', 'ECONFIG']);

/**
 * A server reply decides when there is one (nodemailer sets `permanent`: 5xx except 503), so a 451
 * "try later" on RCPT TO is retried although its code is EENVELOPE; otherwise the error code does.
 */
function isPermanentMailError(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { permanent, code } = error as MailError;
  if (typeof permanent === 'boolean') return permanent;
  return code !== undefined && PERMANENT_MAIL_CODES.has(code);
}

/** What a failed mail send should throw: a permanent failure, or the original error to retry. */
export function mailFailure(error: unknown): unknown {
  if (error instanceof ApplicationFailure || !isPermanentMailError(error)) return error;
  return permanentFailure((error as MailError).message ?? String(error));
}
