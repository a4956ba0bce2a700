// One token's emergency access (id `token-<SERIAL>`): the thin Temporal shell around the domain
// core. Handlers validate at the edge and hand state + event to the core; the main loop runs the
// one timer the core asks for, exports audit records, delivers messages and continues-as-new.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  patched,
  proxyActivities,
  proxyLocalActivities,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import type { EaActivities } from '../activities/create-activities.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import { formatDuration } from '../domain/duration.js';
import { recordEvent } from '../domain/audit.js';
import { isDuplicateRequest, rememberRequest } from '../domain/idempotency.js';
import { authenticate, authenticateFor } from '../domain/token-authenticate.js';
import { clearEmergency, extendEmergency, planEmergency, reportFound, startEmergency } from '../domain/token-emergency.js';
import { disable, enable, rejectInput, setPinHash, unassign, unlock } from '../domain/token-operator.js';
import { issueOnDemandCode, planOnDemandCode } from '../domain/token-on-demand.js';
import { requestReplacement, retireAsReplaced } from '../domain/token-replacement.js';
import { type TokenState } from '../domain/token-state.js';
import { fireDueTimers, nextDeadline } from '../domain/token-timers.js';
import { toStatus } from '../domain/status.js';
import type { AuditRecord, Policy, Requester, User } from '../domain/types.js';
import type { LostResult, TokenStatus } from '../domain/views.js';
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
  type ReportLostPayload,
  type RequestMetaPayload,
} from '../contract/messages.js';
import { invalid, refused } from '../contract/failures.js';
import { parse, type ParseResult } from '../contract/payload-schemas.js';
import { auditExport } from './audit-export.js';
import { DeadlineTimer } from './deadline-timer.js';
import { KnownUser } from './known-user.js';
import { LOCAL_OUTBOX_PATCH, messageDelivery } from './message-delivery.js';
import { SerialExecutor } from './serial-executor.js';
import { addressFor, preferredChannel } from './user-contact.js';
import { syncSearchAttributes } from './token-search-attributes.js';
import { messageForNotice, messageForCodes } from './token-messages.js';
import type { DeliveryRequest } from '../contract/delivery.js';
import { newTokenState } from '../domain/token-assign.js';
import type { Effect, Step } from '../domain/step.js';

export interface TokenWorkflowInput {
  serial: string;
  /** Carried across continue-as-new. */
  state?: TokenState;
  policy?: Policy;
  user?: User;
}

/**
 * Runs started with this patch generate codes and hash in local activities, export the audit through
 * a worker sink, keep one lifetime timer while its deadline holds, know their user's record from
 * assignment on and send a token's queued messages in one activity. Each saved activity task is a
 * server round trip and a workflow task: a signalled loss went from six activity tasks to one, an
 * authentication from thirteen history events to five. Runs started before it keep their old
 * commands until they continue-as-new.
 */
export const QUICK_PATH_PATCH = 'local-activities-and-steady-timer';

const quickOptions = { startToCloseTimeout: '30 seconds', retry: { maximumInterval: '30 seconds' } } as const;
// Reads of other workflows stay ordinary activities: a local one would hold this workflow's task
// open while the query it makes waits for a workflow task slot on the same worker.
const remote = proxyActivities<EaActivities>(quickOptions);
const local = proxyLocalActivities<EaActivities>(quickOptions);

type Refusal = { ok: false; code: 'refused' | 'invalid'; message: string };

/** Turns a refusal the core returned into the failure an update answers with. */
function failureFor(result: Refusal) {
  return result.code === 'invalid' ? invalid(result.message) : refused(result.message);
}

function assertParsed<T>(result: ParseResult<T>): asserts result is { ok: true; value: T } {
  if (!result.ok) throw invalid(result.message);
}

export async function tokenWorkflow(input: TokenWorkflowInput): Promise<void> {
  const quickPath = patched(QUICK_PATH_PATCH);
  const quick = quickPath ? local : remote;
  let state: TokenState | null = input.state ?? null;
  let policy: Policy = input.policy ?? DEFAULT_POLICY;
  // Work the handlers leave for the main loop, which does the I/O outside any handler.
  const auditOutbox: AuditRecord[] = [];
  const noticeOutbox: Effect[] = [];
  const messageOutbox: DeliveryRequest[] = [];
  let attributes: string[] = [];
  let changes = 0;

  // Handlers that await activities run one at a time, after the policy has been loaded.
  const serial = new SerialExecutor(
    input.policy ? Promise.resolve() : remote.fetchPolicy().then((p) => void (policy = p)),
  );

  const now = () => Date.now();
  const stamp = () => ({ id: uuid4(), queuedAt: new Date(now()).toISOString() });
  const ctx = (requester: Requester) => ({ nowMs: now(), policy, requester });
  const assigned = (): TokenState => {
    if (!state) throw refused(`token ${input.serial} is not assigned`);
    return state;
  };

  let deadlineAt: number | null = null;
  /** Where the lifetime timer should stand; recomputed whenever the state or the policy changes. */
  const refreshDeadline = () => void (deadlineAt = state ? (nextDeadline(state, policy)?.at ?? null) : null);
  refreshDeadline();

  function commit<R>(step: Step<R>): R {
    state = step.state;
    // The sink exports when this activation ends; the loop needs no pass for it.
    if (quickPath && step.records.length > 0) auditExport.export(step.records);
    else auditOutbox.push(...step.records);
    noticeOutbox.push(...step.effects);
    attributes = syncSearchAttributes(toStatus(step.state, policy, now()), attributes);
    refreshDeadline();
    changes++;
    return step.result;
  }

  /** Commits the step; a refusal becomes the update's failure (after being audited). */
  function answer<R extends { ok: boolean }>(step: Step<R>): Exclude<R, Refusal> {
    const result = commit(step);
    if (!result.ok) throw failureFor(result as unknown as Refusal);
    return result as Exclude<R, Refusal>;
  }

  /** Audits a refusal the shell itself decides, and answers with it. */
  function refuse(requester: Requester, message: string): never {
    commit(recordEvent(assigned(), { type: 'refused', outcome: 'refused', reason: message }, ctx(requester)));
    throw refused(message);
  }

  const status = (): TokenStatus => toStatus(assigned(), policy, now());

  const known = new KnownUser(input.user);
  async function lookupUser(): Promise<User | null> {
    const userId = state?.userId;
    if (!userId) return null;
    if (!quickPath) return remote.lookupUser(userId);
    return known.of(userId) ?? known.lookUp(userId, (id) => remote.lookupUser(id));
  }
  /** The user's record when this token already knows it (the quick path): then no await is needed. */
  const userKnown = (): User | undefined => (quickPath && state?.userId ? known.of(state.userId) : undefined);

  /** Spec §3 "report lost", for both the update (answers the caller) and the signal (delivers). */
  async function reportLost(payload: ReportLostPayload, viaSignal: boolean): Promise<LostResult> {
    const user = userKnown() ?? (await lookupUser());
    const requester = { actor: payload.actor, origin: payload.origin };
    const channel = viaSignal ? (user && preferredChannel(user)) : payload.delivery === 'display' || !payload.delivery ? null : payload.delivery;
    if (channel && !(user && addressFor(user, channel))) refuse(requester, `the user has no ${channel} contact on file`);
    const request = { ...payload, delivery: viaSignal ? (channel ?? 'display') : (payload.delivery ?? 'display') };
    const planned = answer(planEmergency(assigned(), request, user, ctx(requester)));
    const issued = planned.plan.count > 0 ? await quick.generateCodes({ format: planned.plan.format, count: planned.plan.count }) : { codes: [], hashes: [] };
    commit(startEmergency(assigned(), planned.plan, { hashes: issued.hashes, codeLength: planned.plan.format.length }, ctx(requester)));
    if (channel && user && issued.codes.length > 0) {
      messageOutbox.push(messageForCodes(user, channel, assigned(), issued.codes, stamp()));
    }
    if (quickPath) queueNotices(user, noticeOutbox.splice(0));
    const ea = assigned().emergency!;
    return {
      serial: input.serial,
      state: assigned().state,
      reason: ea.reason,
      kind: ea.kind,
      codes: channel ? [] : issued.codes,
      expiresAt: ea.expiresAt,
    };
  }

  /** Signals cannot answer: bad input and duplicates are recorded, never thrown. */
  function onSignal<T extends RequestMetaPayload>(what: string, parsed: ParseResult<T>, body: (value: T) => Promise<unknown>): void {
    const current = state;
    if (!current) return;
    if (!parsed.ok) {
      commit(rejectInput(current, what, parsed.message, ctx({ actor: 'unknown', origin: 'system' })));
      return;
    }
    if (isDuplicateRequest(current, parsed.value.requestId, now())) return;
    state = rememberRequest(current, parsed.value.requestId, now());
    void serial.run(() => body(parsed.value)); // refusals are already audited
  }

  /** Updates remember their request id too, so a retried request is not applied twice. */
  function once(requestId: string): void {
    const current = assigned();
    if (isDuplicateRequest(current, requestId, now())) throw refused(`request ${requestId} was already handled`);
    state = rememberRequest(current, requestId, now());
  }

  setHandler(statusQuery, status);
  setHandler(auditQuery, () => assigned().audit);

  setHandler(
    assignUpdate,
    (payload) =>
      serial.run(async () => {
        const [pinHash] = payload.pin ? await quick.hashSecrets([payload.pin]) : [null];
        if (state) {
          const same = state.userId === payload.userId && state.oath.secretBase32 === payload.oath.secretBase32 && state.tokenExpiresAt === new Date(payload.tokenExpiresAt).toISOString();
          if (same) return { outcome: 'unchanged' as const, status: status() };
          throw refused(`token ${input.serial} is already assigned; unassign it or use a replacement`);
        }
        commit(
          newTokenState(
            { serial: input.serial, userId: payload.userId, oath: payload.oath, tokenExpiresAt: new Date(payload.tokenExpiresAt).toISOString(), pin: pinHash ?? null },
            ctx({ actor: payload.actor, origin: payload.origin }),
          ),
        );
        return { outcome: 'created' as const, status: status() };
      }),
    {
      validator: (payload) => {
        const parsed = parse.assignToken(payload);
        assertParsed(parsed);
        if (parsed.value.serial !== input.serial) throw invalid(`serial ${parsed.value.serial} does not match this workflow (${input.serial})`);
      },
    },
  );

  setHandler(
    lostUpdate,
    (payload) =>
      serial.run(() => {
        once(payload.requestId);
        return reportLost(payload, false);
      }),
    { validator: (payload) => assertParsed(parse.reportLost(payload)) },
  );

  setHandler(reportLostSignal, (payload) => onSignal('reportLost', parse.reportLost(payload), (value) => reportLost(value, true)));
  setHandler(reportFoundSignal, (payload) =>
    onSignal('reportFound', parse.requestMeta(payload), async (value) => {
      commit(reportFound(assigned(), value, ctx(value)));
    }),
  );
  setHandler(userChangedSignal, (payload) => {
    const parsed = parse.userRecord(payload);
    if (!parsed.ok && state) commit(rejectInput(state, 'userChanged', parsed.message, ctx({ actor: 'unknown', origin: 'system' })));
    else if (parsed.ok && parsed.value.id === state?.userId) known.heard(parsed.value);
  });
  setHandler(policyChangedSignal, (next) => {
    if (next && typeof next === 'object' && typeof (next as Policy).version === 'number' && (next as Policy).version >= policy.version) {
      policy = next as Policy;
      refreshDeadline();
      changes++;
    }
  });

  // Synchronous on purpose: checking and consuming a one-time code happen in one step, so two
  // concurrent authentications can never both spend it.
  setHandler(
    authenticateUpdate,
    ({ passcode, actor, userId }) => {
      const context = ctx({ actor: actor ?? 'auth', origin: 'system' });
      return commit(userId === undefined ? authenticate(assigned(), passcode, context) : authenticateFor(assigned(), userId, passcode, context));
    },
    { validator: (payload) => assertParsed(parse.authenticate(payload)) },
  );

  const metaUpdate = (handler: (state: TokenState, meta: RequestMetaPayload) => Step<{ ok: boolean }>) => (payload: RequestMetaPayload) => {
    once(payload.requestId);
    answer(handler(assigned(), payload));
    return status();
  };
  const metaValidator = { validator: (payload: unknown) => assertParsed(parse.requestMeta(payload)) };

  setHandler(foundUpdate, metaUpdate((s, meta) => reportFound(s, meta, ctx(meta))), metaValidator);
  setHandler(clearUpdate, metaUpdate((s, meta) => clearEmergency(s, meta, ctx(meta))), metaValidator);
  setHandler(requestReplacementUpdate, metaUpdate((s, meta) => requestReplacement(s, meta, ctx(meta))), metaValidator);
  setHandler(
    extendUpdate,
    (payload) => {
      once(payload.requestId);
      answer(extendEmergency(assigned(), payload, ctx(payload)));
      return status();
    },
    { validator: (payload) => assertParsed(parse.extend(payload)) },
  );
  setHandler(
    operatorActionUpdate,
    (payload) => {
      once(payload.requestId);
      const action = { unlock, disable, enable, unassign }[payload.action];
      answer(action(assigned(), payload, ctx(payload)));
      return status();
    },
    { validator: (payload) => assertParsed(parse.operatorAction(payload)) },
  );
  setHandler(
    setPinUpdate,
    (payload) =>
      serial.run(async () => {
        once(payload.requestId);
        const [hash] = payload.pin ? await quick.hashSecrets([payload.pin]) : [null];
        answer(setPinHash(assigned(), hash ?? null, payload, ctx(payload)));
        return status();
      }),
    { validator: (payload) => assertParsed(parse.setPin(payload)) },
  );
  setHandler(
    assignReplacementUpdate,
    (payload) => {
      once(payload.requestId);
      answer(retireAsReplaced(assigned(), payload.newSerial, payload, ctx(payload)));
      return status();
    },
    { validator: (payload) => assertParsed(parse.assignReplacement(payload)) },
  );
  setHandler(
    requestOnDemandUpdate,
    (payload) =>
      serial.run(async () => {
        once(payload.requestId);
        const user = userKnown() ?? (await lookupUser());
        const planned = answer(planOnDemandCode(assigned(), user, ctx(payload)));
        const { codes, hashes } = await quick.generateCodes({ format: { ...policy.codeFormat, length: planned.codeLength }, count: 1 });
        commit(issueOnDemandCode(assigned(), hashes[0]!, planned.expiresAt, ctx(payload)));
        const lifetime = { lifetime: formatDuration(policy.onDemand.codeLifetimeMs) };
        messageOutbox.push(messageForCodes(user!, planned.channel, assigned(), codes, stamp(), 'on-demand-code', lifetime));
        return { serial: input.serial, expiresAt: planned.expiresAt, channel: planned.channel };
      }),
    metaValidator,
  );

  /** Notices the core asked for become messages to the user's contact on file. */
  function queueNotices(user: User | null, effects: Effect[]): void {
    const channel = user && preferredChannel(user);
    for (const effect of effects) {
      if (user && channel) messageOutbox.push(messageForNotice(user, channel, assigned(), effect, stamp()));
    }
  }

  const delivery = messageDelivery(
    messageOutbox,
    (event) => commit(recordEvent(assigned(), event, ctx({ actor: 'delivery', origin: 'timer' }))),
    { batched: quickPath, localFirst: quickPath && patched(LOCAL_OUTBOX_PATCH) },
  );

  let seen = -1;
  const wake = () =>
    changes !== seen || auditOutbox.length + noticeOutbox.length + messageOutbox.length > 0 || workflowInfo().continueAsNewSuggested;
  const timer = new DeadlineTimer();

  /** Waits for work or for the next deadline; true when the deadline has passed. */
  async function nextWake(): Promise<boolean> {
    if (quickPath) {
      timer.set(deadlineAt);
      // A change that leaves the deadline where it was (most authentications) needs no pass of the loop.
      const work = () => noticeOutbox.length + messageOutbox.length > 0 || workflowInfo().continueAsNewSuggested;
      await condition(() => timer.fired || timer.at !== deadlineAt || work());
      return timer.fired;
    }
    const deadline = state ? nextDeadline(state, policy) : null;
    seen = changes;
    // Runs from before the quick path re-arm the timer on every wake-up, as they always did.
    return deadline ? !(await condition(wake, Math.max(1, deadline.at - now()))) : (await condition(wake), false);
  }

  for (;;) {
    // Learn the user's record before it is needed: a signalled loss then sends its codes at once.
    if (quickPath && state?.userId && !known.of(state.userId)) await lookupUser();
    if ((await nextWake()) && state) commit(fireDueTimers(state, ctx({ actor: 'timer', origin: 'timer' })));
    if (noticeOutbox.length > 0) {
      const effects = noticeOutbox.splice(0);
      queueNotices(await lookupUser(), effects);
    }
    await delivery.deliverAll();
    if (auditOutbox.length > 0) await remote.exportAudit(auditOutbox.splice(0));
    if (workflowInfo().continueAsNewSuggested) {
      // Signal work queued on the executor is not a Temporal handler: wait for it too.
      await condition(() => allHandlersFinished() && serial.idle);
      if (auditOutbox.length + noticeOutbox.length + messageOutbox.length === 0) {
        await continueAsNew<typeof tokenWorkflow>({ serial: input.serial, state: state ?? undefined, policy, user: known.snapshot });
      }
    }
  }
}
