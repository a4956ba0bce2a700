// What a failed Temporal call means to the CLI and the dashboard: an EaError, whose code picks the
// exit code (spec §8: 1 refused, 2 bad input or not found, 3 unavailable). Read from the error's
// class and gRPC status code, never from its message: the SDK and the server word messages freely,
// and the SDK wraps the server's answer in an error whose message no longer carries it.
import { status, type ServiceError as GrpcServiceError } from '@grpc/grpc-js';
import {
  NamespaceNotFoundError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { EaError } from './ea-service.js';
import { eaErrorOfFailure } from './failure-ea-error.js';

/**
 * `what` names the target in messages ("token T1"); `answerTimeoutMs` is the deadline the call ran
 * under. The EaError keeps the error it classifies as its `cause`.
 */
export function eaErrorOf(error: unknown, what: string, answerTimeoutMs: number): EaError {
  if (error instanceof EaError) return error;
  const cause = { cause: error };
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure)
    return eaErrorOfFailure(error.cause, cause);
  const grpc = grpcErrorOf(error);
  if (error instanceof NamespaceNotFoundError)
    return new EaError('not-found', `unknown namespace ${error.namespace}`, [], cause);
  if (error instanceof WorkflowNotFoundError || grpc?.code === status.NOT_FOUND)
    return new EaError('not-found', `unknown ${what}`, [], cause);
  if (
    error instanceof WorkflowUpdateRPCTimeoutOrCancelledError ||
    grpc?.code === status.DEADLINE_EXCEEDED ||
    grpc?.code === status.CANCELLED
  ) {
    return new EaError(
      'unavailable',
      `no worker answered for ${what} within ${answerTimeoutMs / 1000} s; is \`ea worker\` running?`,
      [],
      cause,
    );
  }
  if (grpc?.code === status.UNAVAILABLE)
    return new EaError('unavailable', `cannot reach the Temporal server: ${grpc.details}`, [], cause);
  return new EaError('unavailable', error instanceof Error ? error.message : String(error), [], cause);
}

/**
 * The server turned the call away for load, RESOURCE_EXHAUSTED: an 11th concurrent update on one
 * workflow (trap 4). Worth retrying after a pause. Also true of the EaError made of such an error.
 */
export function isBusy(error: unknown): boolean {
  return grpcErrorOf(error)?.code === status.RESOURCE_EXHAUSTED;
}

/** The server's own answer: the SDK wraps it, as `cause`, in its errors, and so do EaErrors. */
function grpcErrorOf(error: unknown): GrpcServiceError | undefined {
  let current = error;
  while (current instanceof Error) {
    if (isGrpcServiceError(current)) return current;
    current = current.cause;
  }
  return undefined;
}
