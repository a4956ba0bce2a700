// The token workflow's message handlers: each validates its payload at the edge with the contract's
// parsers and hands it to the entity. Handlers that await I/O run one at a time on `queue`, so two
// messages never interleave on the same state. Nothing a caller sends can fail a workflow task:
// updates reject through their validator or an ApplicationFailure, signals record bad input.
import { setHandler } from '@temporalio/workflow';
import { invalid } from '../contract/failures.js';
import {
  assignReplacementUpdate,
  assignUpdate,
  auditQuery,
  authenticateUpdate,
  clearUpdate,
  extendUpdate,
  foundUpdate,
  lostUpdate,
  operatorActionUpdate,
  policyChangedSignal,
  reportFoundSignal,
  reportLostSignal,
  requestOnDemandUpdate,
  requestReplacementUpdate,
  setPinUpdate,
  statusQuery,
  userChangedSignal,
  type AssignReplacementPayload,
  type AssignTokenPayload,
  type ExtendPayload,
  type OperatorActionPayload,
  type ReportLostPayload,
  type RequestMetaPayload,
  type SetPinPayload,
} from '../contract/messages.js';
import { parse, type ParseResult } from '../contract/payload-schemas.js';
import type { SerialExecutor } from './serial-executor.js';
import type { TokenEntity } from './token-entity.js';
import { validatorOf } from './validate.js';

export function registerTokenHandlers(entity: TokenEntity, queue: SerialExecutor): void {
  /** Signals cannot answer: bad input is recorded and duplicates dropped; refusals are audited. */
  function onSignal<T extends RequestMetaPayload>(
    what: string,
    parsed: ParseResult<T>,
    body: (value: T) => unknown,
  ): void {
    if (!parsed.ok) entity.rejectSignal(what, parsed.message);
    else if (entity.acceptSignal(parsed.value.requestId)) void queue.run(() => body(parsed.value));
  }

  /** An update applied once per request id. */
  function once<P extends RequestMetaPayload, R>(body: (payload: P) => R) {
    return (payload: P): R => {
      entity.once(payload.requestId);
      return body(payload);
    };
  }

  setHandler(statusQuery, () => entity.status());
  setHandler(auditQuery, () => entity.audit());

  /** An async body on the queue, after everything queued before it. */
  const queued =
    <P, R>(body: (payload: P) => Promise<R>) =>
    (payload: P): Promise<R> =>
      queue.run(() => body(payload));

  const thisSerial = ({ serial }: AssignTokenPayload) => {
    if (serial !== entity.serial) throw invalid(`serial ${serial} does not match this workflow (${entity.serial})`);
  };
  setHandler(
    assignUpdate,
    queued((payload: AssignTokenPayload) => entity.assign(payload)),
    validatorOf(parse.assignToken, thisSerial),
  );
  setHandler(
    lostUpdate,
    queued(once((payload: ReportLostPayload) => entity.reportLost(payload, false))),
    validatorOf(parse.reportLost),
  );
  setHandler(setPinUpdate, queued(once((payload: SetPinPayload) => entity.setPin(payload))), validatorOf(parse.setPin));
  setHandler(
    requestOnDemandUpdate,
    queued(once((payload: RequestMetaPayload) => entity.requestOnDemand(payload))),
    validatorOf(parse.requestMeta),
  );

  setHandler(
    foundUpdate,
    once((payload: RequestMetaPayload) => entity.reportFound(payload)),
    validatorOf(parse.requestMeta),
  );
  setHandler(
    clearUpdate,
    once((payload: RequestMetaPayload) => entity.clear(payload)),
    validatorOf(parse.requestMeta),
  );
  setHandler(
    requestReplacementUpdate,
    once((payload: RequestMetaPayload) => entity.requestReplacement(payload)),
    validatorOf(parse.requestMeta),
  );
  setHandler(
    extendUpdate,
    once((payload: ExtendPayload) => entity.extend(payload)),
    validatorOf(parse.extend),
  );
  setHandler(
    operatorActionUpdate,
    once((payload: OperatorActionPayload) => entity.operatorAction(payload)),
    validatorOf(parse.operatorAction),
  );
  setHandler(
    assignReplacementUpdate,
    once((payload: AssignReplacementPayload) => entity.assignReplacement(payload)),
    validatorOf(parse.assignReplacement),
  );
  // Synchronous on purpose: checking and spending a one-time code is one step (see the entity).
  setHandler(authenticateUpdate, (payload) => entity.authenticate(payload), validatorOf(parse.authenticate));

  setHandler(reportLostSignal, (payload) =>
    onSignal('reportLost', parse.reportLost(payload), (value) => entity.reportLost(value, true)),
  );
  setHandler(reportFoundSignal, (payload) =>
    onSignal('reportFound', parse.requestMeta(payload), (value) => entity.reportFound(value)),
  );

  setHandler(policyChangedSignal, (payload) => {
    const parsed = parse.policyRecord(payload);
    if (parsed.ok) entity.policyChanged(parsed.value);
    else entity.rejectSignal('policyChanged', parsed.message);
  });
  setHandler(userChangedSignal, (payload) => {
    const parsed = parse.userRecord(payload);
    if (parsed.ok) entity.userChanged(parsed.value);
    else entity.rejectSignal('userChanged', parsed.message);
  });
}
