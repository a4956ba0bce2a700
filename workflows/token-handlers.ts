// The token workflow's message handlers. Each validates its payload at the edge with the contract's
// parsers, checks the signed envelope against the registry (spec §5) and hands the request, with
// the verified principal as its actor, to the entity. Handlers that await I/O run one at a time on
// `queue`, so two messages never interleave on the same state. Nothing a caller sends can fail a
// workflow task: updates reject through their validator or an ApplicationFailure, signals record
// what they refuse.
import { setHandler } from '@temporalio/workflow';
import { invalid, refused } from '../contract/failures.js';
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
  principalsChangedSignal,
  reportFoundSignal,
  reportLostSignal,
  requestOnDemandUpdate,
  requestReplacementUpdate,
  setPinUpdate,
  settleAttemptUpdate,
  statusQuery,
  userChangedSignal,
  type AssignReplacementPayload,
  type AssignTokenPayload,
  type ExtendPayload,
  type OperatorActionPayload,
  type ReportLostPayload,
  type RequestMetaPayload,
  type RequestOnDemandPayload,
  type SetPinPayload,
  type SettleAttemptPayload,
} from '../contract/messages.js';
import { parse, type ParseResult } from '../contract/payload-schemas.js';
import type { Policy } from '../domain/types.js';
import { isOrigin, type SignedMessage } from '../trust/roles.js';
import { CoalescedRead } from './coalesced-read.js';
import type { SerialExecutor } from './serial-executor.js';
import type { TokenEntity } from './token-entity.js';
import type { TrustGate } from './trust-gate.js';
import type { RecentRequests } from '../trust/recent-requests.js';
import { validatorOf } from './validate.js';

export interface TokenHandlerDeps {
  entity: TokenEntity;
  queue: SerialExecutor;
  gate: TrustGate;
  /**
   * Request ids of the last minutes, for the two messages the 7-day request log does not hold:
   * authentications (too many to keep for days) and assignments (answered `unchanged` when repeated).
   */
  recent: RecentRequests;
  /** The current policy from the policy workflow, when a change is announced. */
  fetchPolicy(): Promise<Policy>;
}

export function registerTokenHandlers({ entity, queue, gate, recent, fetchPolicy }: TokenHandlerDeps): void {
  /** The payload with the verified principal as its actor; a refusal is audited, then thrown. */
  async function verified<P extends object>(
    message: SignedMessage,
    payload: P,
    memory: 'request-log' | 'recent' = 'request-log',
  ): Promise<P & { actor: string }> {
    return (await verifiedBy(message, payload, memory)).request;
  }

  /** verified, with the principal's registered public key (what codes for it are sealed to). */
  async function verifiedBy<P extends object>(
    message: SignedMessage,
    payload: P,
    memory: 'request-log' | 'recent' = 'request-log',
  ): Promise<{ request: P & { actor: string }; publicKey: string }> {
    const nowMs = Date.now();
    const decision = await gate.check({
      message,
      argument: payload,
      nowMs,
      seen: (requestId) => (memory === 'recent' ? recent.seenBefore(requestId, nowMs) : entity.seen(requestId)),
      tokenUser: entity.state?.userId ?? null,
    });
    if (decision.ok)
      return { request: { ...payload, actor: decision.principal.name }, publicKey: decision.principal.publicKey };
    const origin = 'origin' in payload && isOrigin(payload.origin) ? payload.origin : 'system';
    entity.refuseRequest(message, decision.claimed, decision.message, origin);
    throw refused(decision.message);
  }

  /** An update: verified, applied once per request id, then `body`. */
  const update =
    <P extends { requestId: string }, R>(
      message: SignedMessage,
      body: (payload: P & { actor: string }, publicKey: string) => R,
    ) =>
    async (payload: P): Promise<Awaited<R>> => {
      const { request, publicKey } = await verifiedBy(message, payload);
      entity.once(request.requestId);
      return await body(request, publicKey);
    };

  /** Before an emergency decision: a policy copy that may have missed a broadcast is read again. */
  const catchUpPolicy = async (): Promise<void> => {
    if (entity.policyMayBeStale()) entity.policyChanged(await fetchPolicy());
  };

  /** An async body on the queue, after everything queued before it. */
  const queued =
    <P, R>(body: (payload: P) => Promise<R>) =>
    (payload: P): Promise<R> =>
      queue.run(() => body(payload));

  /** Signals cannot answer: bad input is recorded, the rest verified on the queue; duplicates dropped. */
  function onSignal<T extends { requestId: string }>(
    message: SignedMessage,
    parsed: ParseResult<T>,
    body: (value: T & { actor: string }) => unknown,
  ): void {
    if (!parsed.ok) return entity.rejectSignal(message, parsed.message);
    void queue.run(async () => {
      const request = await verified(message, parsed.value);
      if (entity.acceptSignal(request.requestId)) await body(request);
    });
  }

  setHandler(statusQuery, () => entity.status());
  setHandler(auditQuery, () => entity.audit());

  const thisSerial = ({ serial }: AssignTokenPayload) => {
    if (serial !== entity.serial) throw invalid(`serial ${serial} does not match this workflow (${entity.serial})`);
  };
  // Assignment is not `once`: the same assignment under a new request id answers `unchanged`.
  setHandler(
    assignUpdate,
    queued(async (payload: AssignTokenPayload) => entity.assign(await verified('assign', payload, 'recent'))),
    validatorOf(parse.assignToken, thisSerial),
  );
  setHandler(
    lostUpdate,
    queued(
      update('lost', async (p: ReportLostPayload, publicKey) => {
        await catchUpPolicy();
        return entity.reportLost(p, publicKey);
      }),
    ),
    validatorOf(parse.reportLost),
  );
  setHandler(setPinUpdate, queued(update('setPin', (p: SetPinPayload) => entity.setPin(p))), validatorOf(parse.setPin));
  setHandler(
    requestOnDemandUpdate,
    queued(
      update('requestOnDemand', async (p: RequestOnDemandPayload) => {
        await catchUpPolicy();
        return entity.requestOnDemand(p);
      }),
    ),
    validatorOf(parse.requestOnDemand),
  );
  setHandler(
    foundUpdate,
    update('found', (p: RequestMetaPayload) => entity.reportFound(p)),
    validatorOf(parse.requestMeta),
  );
  setHandler(
    clearUpdate,
    update('clear', (p: RequestMetaPayload) => entity.clear(p)),
    validatorOf(parse.requestMeta),
  );
  setHandler(
    requestReplacementUpdate,
    update('requestReplacement', (p: RequestMetaPayload) => entity.requestReplacement(p)),
    validatorOf(parse.requestMeta),
  );
  setHandler(
    extendUpdate,
    update('extend', (p: ExtendPayload) => entity.extend(p)),
    validatorOf(parse.extend),
  );
  setHandler(
    operatorActionUpdate,
    update('operatorAction', (p: OperatorActionPayload) => entity.operatorAction(p)),
    validatorOf(parse.operatorAction),
  );
  setHandler(
    assignReplacementUpdate,
    update('assignReplacement', (p: AssignReplacementPayload) => entity.assignReplacement(p)),
    validatorOf(parse.assignReplacement),
  );
  // Once verified, checking and spending a one-time code is one synchronous step (see the entity).
  setHandler(
    authenticateUpdate,
    async (payload) => entity.authenticate(await verified('authenticate', payload, 'recent')),
    validatorOf(parse.authenticate),
  );
  setHandler(
    settleAttemptUpdate,
    // Like authenticate: a fresh request id per settlement, remembered a while, so a copy is refused.
    queued(async (payload: SettleAttemptPayload) =>
      entity.settleAttempt(await verified('settleAttempt', payload, 'recent')),
    ),
    validatorOf(parse.settleAttempt),
  );

  setHandler(reportLostSignal, (payload) =>
    onSignal('reportLost', parse.reportLost(payload), async (value) => {
      await catchUpPolicy();
      return entity.reportLost(value, null);
    }),
  );
  setHandler(reportFoundSignal, (payload) =>
    onSignal('reportFound', parse.requestMeta(payload), (value) => entity.reportFound(value)),
  );

  // What other workflows announce is not believed: each announcement only makes the token read the
  // current record from its owner (the policy, the registry, the user), whose changes are signed.
  // Reads coalesce: a burst of announcements, forged or not, costs one read (or two), not one each.
  const policyRead = new CoalescedRead(queue, async () => entity.policyChanged(await fetchPolicy()));
  const userRead = new CoalescedRead(queue, () => entity.userChanged());
  setHandler(policyChangedSignal, (payload) => {
    const parsed = parse.policyRecord(payload);
    if (!parsed.ok) return entity.rejectSignal('policyChanged', parsed.message);
    if (parsed.value.version > entity.policy.version) policyRead.request();
  });
  setHandler(userChangedSignal, () => userRead.request());
  setHandler(principalsChangedSignal, (payload) => gate.heard(payload));
}
