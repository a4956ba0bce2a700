// Spec §3 "authenticate": a passcode against one token. Synchronous and pure, so checking and
// consuming a one-time code happen in one step (concurrent uses of one code succeed at most once).
// The passcode and the seed are read only in a worker: the shell asks one for the passcode's verdict
// (domain/passcode-verdict.ts) and hands it in. What it matched is checked here against the state
// as it is now: a one-time code spent meanwhile, or a step accepted meanwhile, does not count twice.
import { stepWith, type AuditEvent } from './audit.js';
import { endEmergency } from './emergency-end.js';
import type { PasscodeVerdict, VerdictPart } from './passcode-verdict.js';
import { isoAt } from './time.js';
import { afterDueTimers } from './token-timers.js';
import type { Emergency, TokenState } from './token-state.js';
import type { AuthMethod, SecretHash } from './types.js';
import type { AuthResult } from './views.js';
import { andThen, type Ctx, type Effect, type Step } from './step.js';

/** Why the token takes no passcode at all right now, for the audit (the answer is a plain rejection). */
function closedBecause(state: TokenState): string | null {
  if (state.state === 'retired' || state.state === 'unassigned' || state.state === 'expired')
    return `token-${state.state}`;
  if (state.disabled) return 'token-disabled';
  if (state.lockedIndefinitely || state.lockedUntil !== null) return 'token-locked';
  return null;
}

/** The running EA with the matching emergency code spent, or null when no emergency code matches. */
function spendEmergencyCode(
  ea: Emergency,
  part: VerdictPart,
  nowMs: number,
): { method: AuthMethod; emergency: Emergency } | null {
  if (part.length !== ea.codeLength) return null;
  const matches = (hash: SecretHash) => part.matched.includes(hash.hash);
  switch (ea.kind) {
    case 'temporary-fixed':
      return ea.codes.some((c) => matches(c.hash)) ? { method: 'temporary-fixed', emergency: ea } : null;
    case 'one-time-set': {
      const index = ea.codes.findIndex((c) => !c.used && matches(c.hash));
      if (index < 0) return null;
      return {
        method: 'one-time',
        emergency: { ...ea, codes: ea.codes.map((c, i) => (i === index ? { ...c, used: true } : c)) },
      };
    }
    case 'on-demand': {
      const { onDemand } = ea;
      if (!onDemand?.current || Date.parse(onDemand.current.expiresAt) <= nowMs || !matches(onDemand.current.hash))
        return null;
      return { method: 'on-demand', emergency: { ...ea, onDemand: { ...onDemand, current: null } } };
    }
  }
}

const answer = (
  state: TokenState,
  accepted: boolean,
  method: AuthMethod | null,
  reason: AuthResult['reason'],
): AuthResult => ({ accepted, serial: state.serial, method, reason });

/**
 * Every rejection a caller gets without the right passcode reads the same: which token, and why (a
 * wrong passcode, locked, disabled, not the user's), stay in the audit, so no answer tells a guesser
 * that a user or token exists or what state it is in (issue 16 item 6).
 */
export const REJECTED: AuthResult = { accepted: false, serial: null, method: null, reason: 'rejected' };

function accept(
  state: TokenState,
  method: AuthMethod,
  ctx: Ctx,
  also: { events?: AuditEvent[]; effects?: Step['effects']; attempt?: string } = {},
): Step<AuthResult> {
  const ea = state.emergency;
  const detail: AuditEvent['detail'] = {
    method,
    ...(ea?.kind === 'one-time-set' ? { unusedCodes: ea.codes.filter((c) => !c.used).length } : {}),
    // The user's other tokens read it here before they drop a failure of the same attempt.
    ...(also.attempt !== undefined ? { attempt: also.attempt } : {}),
  };
  const events: AuditEvent[] = [{ type: 'auth-accepted', outcome: 'ok', reason: null, detail }, ...(also.events ?? [])];
  const reset: TokenState = { ...state, failures: 0, pendingFailure: null };
  return stepWith(reset, ctx, events, answer(state, true, method, 'ok'), also.effects ?? []);
}

/** The events and state of one more counted failure: reaching maxFailures locks the token. */
function counted(state: TokenState, ctx: Ctx): { state: TokenState; locked: AuditEvent | null; effects: Effect[] } {
  const failures = state.failures + 1;
  const { maxFailures, durationMs } = ctx.policy.lockout;
  if (failures < maxFailures) return { state: { ...state, failures, pendingFailure: null }, locked: null, effects: [] };
  const lockedUntil = durationMs === null ? null : isoAt(ctx.nowMs + durationMs);
  const until = lockedUntil ?? 'until-unlocked';
  return {
    state: { ...state, failures, pendingFailure: null, lockedUntil, lockedIndefinitely: durationMs === null },
    locked: {
      type: 'token-locked',
      outcome: 'ok',
      reason: `${failures} consecutive failed passcodes`,
      detail: { failures, until },
    },
    effects: [{ type: 'notify', notice: 'token-locked', detail: { until } }],
  };
}

/**
 * A failed passcode counts toward lockout, and the user is told when it locks the token. Within a
 * by-user `attempt` it is held pending instead, until the attempt is settled (settleAttempt).
 */
function fail(state: TokenState, why: string, ctx: Ctx, attempt: string | undefined): Step<AuthResult> {
  const rejected = (failures: number, pending: boolean): AuditEvent => ({
    type: 'auth-rejected',
    outcome: 'rejected',
    reason: why,
    detail: pending ? { method: null, failures, pending } : { method: null, failures },
  });
  if (attempt !== undefined) {
    const pending: TokenState = { ...state, pendingFailure: { attempt, at: isoAt(ctx.nowMs) } };
    return stepWith(pending, ctx, [rejected(state.failures, true)], REJECTED);
  }
  const next = counted(state, ctx);
  const events = [rejected(next.state.failures, false), ...(next.locked ? [next.locked] : [])];
  return stepWith(next.state, ctx, events, REJECTED, next.effects);
}

/** A failure an earlier attempt left pending, and never settled, counts before anything else. */
function countPending(state: TokenState, ctx: Ctx): Step {
  if (!state.pendingFailure) return { state, records: [], effects: [], result: undefined };
  const next = counted(state, ctx);
  return stepWith(next.state, ctx, next.locked ? [next.locked] : [], undefined, next.effects);
}

/**
 * The end of a by-user attempt on a token that held its failure pending: accepted on another of
 * the user's tokens (the shell checked it there), the failure is dropped; otherwise it counts. Any
 * other attempt's settlement changes nothing.
 */
export function settleAttempt(state: TokenState, attempt: string, acceptedElsewhere: boolean, ctx: Ctx): Step {
  if (state.pendingFailure?.attempt !== attempt) return { state, records: [], effects: [], result: undefined };
  if (!acceptedElsewhere) return countPending(state, ctx);
  const cleared: AuditEvent = {
    type: 'auth-failure-cleared',
    outcome: 'ok',
    reason: 'accepted-on-another-token',
    detail: { failures: state.failures },
  };
  return stepWith({ ...state, pendingFailure: null }, ctx, [cleared], undefined);
}

/** The token's own code is right: the found-token rule decides (a refusal by rule is no failure). */
function ownCodeAccepted(state: TokenState, step: number, ctx: Ctx, attempt?: string): Step<AuthResult> {
  const used: TokenState = {
    ...state,
    lastOathStep: step,
    oath: state.oath.type === 'hotp' ? { ...state.oath, counter: step + 1 } : state.oath,
  };
  const rule = state.emergency?.rule ?? state.lapsedRule;
  if (state.state === 'active') return accept(used, 'token', ctx, { attempt });
  if (rule === 'allow-and-end-emergency') {
    const ending = endEmergency(used, 'found-by-use', 'active');
    return accept(ending.state, 'token', ctx, { events: [ending.event], effects: ending.effects, attempt });
  }
  const detail = { method: 'token', rule, state: state.state };
  return stepWith(
    state,
    ctx,
    [{ type: 'found-denied-by-rule', outcome: 'rejected', reason: `the found-token rule is ${rule}`, detail }],
    answer(state, false, 'token', 'not-allowed-by-rule'),
  );
}

/**
 * A passcode for a token the caller names along with the user (spec §8 `ea auth --serial`): when the
 * token is not that user's, the answer is a plain rejection that changes and audits nothing, as if
 * the caller had checked the user's serials first (which it need not read, saving a round trip).
 */
export function authenticateFor(
  state: TokenState,
  userId: string,
  verdict: PasscodeVerdict,
  ctx: Ctx,
  attempt?: string,
): Step<AuthResult> {
  if (state.userId !== userId) return notThisUsers(state);
  return authenticate(state, verdict, ctx, attempt);
}

/** The plain rejection for another user's token: nothing changes, nothing is audited. */
export function notThisUsers(state: TokenState): Step<AuthResult> {
  return { state, records: [], effects: [], result: REJECTED };
}

/**
 * Checks, in order: the token's own code, the temporary fixed code, unused one-time codes, the
 * on-demand code. `attempt` names a by-user attempt across the user's tokens (see fail).
 */
export function authenticate(
  state: TokenState,
  verdict: PasscodeVerdict,
  ctx: Ctx,
  attempt?: string,
): Step<AuthResult> {
  return andThen(
    afterDueTimers(state, ctx, (s) => countPending(s, ctx)),
    (s) => check(s, verdict, ctx, attempt),
  );
}

/** One verdict against the token as it stands once every earlier failure has counted. */
function check(s: TokenState, verdict: PasscodeVerdict, ctx: Ctx, attempt: string | undefined): Step<AuthResult> {
  const closed = closedBecause(s);
  if (closed)
    return stepWith(
      s,
      ctx,
      [{ type: 'auth-rejected', outcome: 'rejected', reason: closed, detail: { method: null } }],
      REJECTED,
    );
  // A verdict on another PIN than the token's now (changed meanwhile) proves nothing.
  const parts = verdict.pinHash === (s.pin?.hash ?? null) ? verdict.parts : [];
  for (const { ownStep } of parts)
    if (ownStep !== null && (s.lastOathStep === null || ownStep > s.lastOathStep))
      return ownCodeAccepted(s, ownStep, ctx, attempt);
  for (const part of parts) {
    const spent = s.emergency && spendEmergencyCode(s.emergency, part, ctx.nowMs);
    if (spent) return accept({ ...s, emergency: spent.emergency }, spent.method, ctx, { attempt });
  }
  // One reason for a wrong PIN and a wrong code: the trail must not let a reader guess them apart.
  return fail(s, verdict.splittable ? 'wrong-passcode' : 'malformed-passcode', ctx, attempt);
}
