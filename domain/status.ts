// What callers see of a token (spec §8 `ea status`): derived, never stored, and never a code.
import { runningTimers, fireDueTimers, TIMER } from './token-timers.js';
import { isoAt } from './time.js';
import type { TokenState } from './token-state.js';
import type { Policy } from './types.js';
import type { TokenStatus } from './views.js';

/** The token as of `nowMs`: timers already due are applied first, so the answer is never stale. */
export function toStatus(state: TokenState, policy: Policy, nowMs: number): TokenStatus {
  const s = fireDueTimers(state, { nowMs, policy, requester: TIMER }).state;
  const ea = s.emergency;
  const current = ea?.onDemand?.current ?? null;
  return {
    serial: s.serial,
    user: s.userId,
    state: s.state,
    reason: ea?.reason ?? null,
    kind: ea?.kind ?? null,
    unusedCodes: ea?.kind === 'one-time-set' ? ea.codes.filter((c) => !c.used).length : null,
    expiresAt: ea?.expiresAt ?? null,
    tokenExpiresAt: s.tokenExpiresAt,
    locked: s.lockedIndefinitely || s.lockedUntil !== null,
    lockedUntil: s.lockedUntil,
    disabled: s.disabled,
    replacementEligible: s.replacementEligible,
    replacementRequested: s.replacementRequested,
    rule: ea?.rule ?? s.lapsedRule,
    startedAt: ea?.startedAt ?? null,
    startedBy: ea?.startedBy ?? null,
    issuedAt: ea?.issuedAt ?? null,
    delivery: ea?.delivery ?? null,
    hasPin: s.pin !== null,
    failures: s.failures,
    replacedBy: s.replacedBy,
    timers: runningTimers(s, policy).map((t) => ({ name: t.timer, at: isoAt(t.at) })),
    onDemandCodeExpiresAt: current && Date.parse(current.expiresAt) > nowMs ? current.expiresAt : null,
    undelivered: [], // the workflow's, not the state's: TokenEntity.status adds them
    policyVersion: policy.version,
  };
}

/** The user a token is assigned to now, by its status; null when retired, unassigned or none. */
export function holderOf(status: Pick<TokenStatus, 'state' | 'user'>): string | null {
  return status.state === 'retired' || status.state === 'unassigned' ? null : status.user;
}
