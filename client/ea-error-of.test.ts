import { describe, expect, it } from 'vitest';
import { Metadata, status, type ServiceError as GrpcServiceError } from '@grpc/grpc-js';
import {
  CancelledFailure,
  NamespaceNotFoundError,
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { INVALID, REFUSED } from '../contract/failures.js';
import { eaErrorOf, isBusy } from './ea-error-of.js';
import { EaError } from './ea-service.js';

/** A failed call as @grpc/grpc-js reports it (callErrorFromStatus): code, details and metadata on an Error. */
function grpcError(code: status, details: string): GrpcServiceError {
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata: new Metadata() });
}

// Each as the SDK throws it (workflow-client.js): the server's answer wrapped, as `cause`, in a
// ServiceError whose message names only the operation.
const wrapped = (operation: string, code: status, details: string) =>
  new ServiceError(operation, { cause: grpcError(code, details) });
const updateFailed = (failure: Error) => new WorkflowUpdateFailedError('Workflow Update failed', failure);
const deadline = grpcError(status.DEADLINE_EXCEEDED, 'Deadline exceeded after 10.001s,remote_addr=127.0.0.1:7233');

const classify = (error: unknown) => eaErrorOf(error, 'token T1', 10_000);
const WORKER = 'no worker answered for token T1 within 10 s; is `ea worker` running?';

describe('eaErrorOf', () => {
  it.each([
    [
      'WorkflowNotFoundError (NOT_FOUND)',
      new WorkflowNotFoundError('workflow not found for ID: token-T1', 'token-T1', undefined),
      'not-found',
      'unknown token T1',
    ],
    [
      'NOT_FOUND in a ServiceError',
      wrapped('Update-With-Start failed', status.NOT_FOUND, 'gone'),
      'not-found',
      'unknown token T1',
    ],
    ['NOT_FOUND, raw', grpcError(status.NOT_FOUND, 'gone'), 'not-found', 'unknown token T1'],
    ['NamespaceNotFoundError', new NamespaceNotFoundError('typo'), 'not-found', 'unknown namespace typo'],
    [
      'DEADLINE_EXCEEDED in an update',
      new WorkflowUpdateRPCTimeoutOrCancelledError(deadline.details, { cause: deadline }),
      'unavailable',
      WORKER,
    ],
    [
      'CANCELLED in an update',
      new WorkflowUpdateRPCTimeoutOrCancelledError('Cancelled on client', {
        cause: grpcError(status.CANCELLED, 'Cancelled on client'),
      }),
      'unavailable',
      WORKER,
    ],
    [
      'an update cancelled by the server',
      new WorkflowUpdateRPCTimeoutOrCancelledError('cancelled', { cause: new CancelledFailure('cancelled') }),
      'unavailable',
      WORKER,
    ],
    [
      'DEADLINE_EXCEEDED in a query',
      wrapped('Failed to query Workflow', status.DEADLINE_EXCEEDED, 'query timed out before a worker could process it'),
      'unavailable',
      WORKER,
    ],
    [
      'CANCELLED in a query',
      wrapped('Failed to query Workflow', status.CANCELLED, 'Cancelled on client'),
      'unavailable',
      WORKER,
    ],
    [
      'UNAVAILABLE',
      wrapped('Failed to describe workflow', status.UNAVAILABLE, 'No connection established'),
      'unavailable',
      'cannot reach the Temporal server: No connection established',
    ],
    [
      'RESOURCE_EXHAUSTED',
      wrapped(
        'Workflow Update failed',
        status.RESOURCE_EXHAUSTED,
        'limit on number of concurrent in-flight updates has been reached (10)',
      ),
      'unavailable',
      'Workflow Update failed',
    ],
    [
      'INVALID_ARGUMENT',
      wrapped('Failed to list workflows', status.INVALID_ARGUMENT, 'invalid query'),
      'unavailable',
      'Failed to list workflows',
    ],
    [
      'ALREADY_EXISTS',
      wrapped('Failed to start Workflow', status.ALREADY_EXISTS, 'already started'),
      'unavailable',
      'Failed to start Workflow',
    ],
    [
      'WorkflowExecutionAlreadyStartedError (ALREADY_EXISTS)',
      new WorkflowExecutionAlreadyStartedError('Workflow execution already started', 'token-T1', 'tokenWorkflow'),
      'unavailable',
      'Workflow execution already started',
    ],
    [
      'an update failure that is no refusal',
      updateFailed(new CancelledFailure('cancelled')),
      'unavailable',
      'Workflow Update failed',
    ],
    [
      'a message that mentions a status but carries none',
      new Error('workflow not found: deadline exceeded, UNAVAILABLE'),
      'unavailable',
      'workflow not found: deadline exceeded, UNAVAILABLE',
    ],
    ['a thrown string', 'boom', 'unavailable', 'boom'],
  ])('%s → %s', (_kind, error, code, message) => {
    const classified = classify(error);
    expect(classified).toBeInstanceOf(EaError);
    expect([classified.code, classified.message]).toEqual([code, message]);
    expect(classified.cause).toBe(error);
  });

  it('reads a refusal from the update failure type', () => {
    expect(
      classify(updateFailed(ApplicationFailure.create({ type: REFUSED, message: 'token T1 is retired' }))),
    ).toMatchObject({ code: 'refused', message: 'token T1 is retired', fields: [] });
    expect(classify(updateFailed(ApplicationFailure.create({ type: 'SomethingElse', message: 'no' })))).toMatchObject({
      code: 'refused',
      message: 'no',
    });
  });

  it('reads bad input, with its fields, from the update failure type', () => {
    const fields = [{ field: 'lifetimeMs', message: 'at most 365 days' }];
    const classified = classify(
      updateFailed(ApplicationFailure.create({ type: INVALID, message: 'bad lifetime', details: [fields] })),
    );
    expect(classified).toMatchObject({ code: 'invalid', message: 'bad lifetime', fields });
    expect(classified.exitCode).toBe(2);
  });

  it('passes an EaError through unchanged', () => {
    const error = new EaError('refused', 'already');
    expect(classify(error)).toBe(error);
  });

  it('keeps the exit codes: refused 1, not found 2, unavailable 3', () => {
    expect(classify(updateFailed(ApplicationFailure.create({ type: REFUSED, message: 'no' }))).exitCode).toBe(1);
    expect(classify(grpcError(status.NOT_FOUND, 'gone')).exitCode).toBe(2);
    expect(classify(deadline).exitCode).toBe(3);
  });
});

describe('isBusy', () => {
  const busy = wrapped(
    'Workflow Update failed',
    status.RESOURCE_EXHAUSTED,
    'limit on number of concurrent in-flight updates has been reached (10)',
  );

  it('is RESOURCE_EXHAUSTED anywhere in the cause chain, also once classified', () => {
    expect(isBusy(busy)).toBe(true);
    expect(isBusy(classify(busy))).toBe(true);
  });

  it('is not another status, nor a message that only says so', () => {
    expect(isBusy(wrapped('Workflow Update failed', status.UNAVAILABLE, 'limit'))).toBe(false);
    expect(isBusy(new EaError('unavailable', 'RESOURCE_EXHAUSTED: limit reached'))).toBe(false);
  });
});
