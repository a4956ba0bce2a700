// How a workflow's "no" (contract/failures.ts) reaches callers: its type picks the EaError code and
// so the CLI's exit code; INVALID carries its field errors. Anything else an update throws counts
// as refused, as TemporalEaService counts it.
import type { ApplicationFailure } from '@temporalio/common';
import { INVALID } from '../contract/failures.js';
import type { FieldError } from '../domain/types.js';
import { EaError } from './ea-service.js';

export function eaErrorOfFailure(failure: ApplicationFailure, options?: ErrorOptions): EaError {
  if (failure.type === INVALID) {
    return new EaError('invalid', failure.message, (failure.details?.[0] as FieldError[] | undefined) ?? [], options);
  }
  return new EaError('refused', failure.message, [], options);
}
