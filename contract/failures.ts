// How a workflow says no. Only ApplicationFailure may leave an update handler (anything else fails
// the workflow task — engineering notes, trap 1). The type tells clients which exit code applies.
import { ApplicationFailure } from '@temporalio/common';
import type { FieldError } from '../domain/types.js';

export const REFUSED = 'EaRefused';
export const INVALID = 'EaInvalid';

/** Not allowed in this state or by policy (CLI exit 1). */
export function refused(message: string): ApplicationFailure {
  return ApplicationFailure.create({ type: REFUSED, message, nonRetryable: true });
}

/** Bad input (CLI exit 2); `fields` lets forms show a message per field. */
export function invalid(message: string, fields: FieldError[] = []): ApplicationFailure {
  return ApplicationFailure.create({ type: INVALID, message, nonRetryable: true, details: [fields] });
}
