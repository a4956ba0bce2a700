// A token's durable timers (spec §3): EA end, the ending-soon notice, the replacement window, token
// expiry and lockout end. The workflow sleeps until nextDeadline and then calls fireDueTimers; every
// other transition first fires what is overdue, so no rule ever acts on a stale state.
import { stepWith, type AuditEvent } from './audit.js';
import { endEmergency } from './emergency-end.js';
import { type TokenState } from './token-state.js';
import type { Policy, Requester } from './types.js';
import type { TokenStatus } from './views.js';
import { andThen, type Ctx, type Effect, type Step } from './step.js';

export type TimerName = TokenStatus['timers'][number]['name'];

export interface Deadline {
  at: number;
  timer: TimerName;
}

/** Who fires timers, in the audit. */
export const TIMER: Requester = { actor: 'timer', origin: 'timer' };

/** Timers due at the same instant fire in this order: token expiry dominates (it ends EA itself). */
const FIRING_ORDER: readonly TimerName[] = [
  'token-expiry',
  'emergency-end',
  'emergency-ending-notice',
  'replacement-window',
  'lockout-end',
];

/** Every running timer, soonest first. Lead and window come from the current policy. */
export function runningTimers(state: TokenState, policy: Policy): Deadline[] {
  const timers: Deadline[] = [];
  const ea = state.state === 'emergency' ? state.emergency : null;
  if (ea) {
    const endsAt = Date.parse(ea.expiresAt);
    const lead = policy.notifications.expiryNoticeLeadMs;
    timers.push({ timer: 'emergency-end', at: endsAt });
    // No notice for an EA shorter than the lead: the user learns its end when it starts.
    if (lead > 0 && !ea.noticeSent && endsAt - lead > Date.parse(ea.startedAt))
      timers.push({ timer: 'emergency-ending-notice', at: endsAt - lead });
  }
  const inService = state.state !== 'retired' && state.state !== 'unassigned';
  const expiresAt = Date.parse(state.tokenExpiresAt);
  if (inService && !state.replacementEligible)
    timers.push({ timer: 'replacement-window', at: expiresAt - policy.expiringToken.replacementWindowMs });
  if (state.state !== 'retired' && state.state !== 'expired') timers.push({ timer: 'token-expiry', at: expiresAt });
  if (state.lockedUntil !== null) timers.push({ timer: 'lockout-end', at: Date.parse(state.lockedUntil) });
  return timers.sort((a, b) => a.at - b.at || FIRING_ORDER.indexOf(a.timer) - FIRING_ORDER.indexOf(b.timer));
}

export function nextDeadline(state: TokenState, policy: Policy): Deadline | null {
  return runningTimers(state, policy)[0] ?? null;
}

/** The timer to fire now. A notice is skipped when the EA it announces is ending right now anyway. */
function dueTimer(state: TokenState, ctx: Ctx): TimerName | null {
  const due = runningTimers(state, ctx.policy).filter((t) => t.at <= ctx.nowMs);
  const eaEnding = due.some((t) => t.timer === 'emergency-end' || t.timer === 'token-expiry');
  return due.find((t) => !(eaEnding && t.timer === 'emergency-ending-notice'))?.timer ?? null;
}

function fire(state: TokenState, timer: TimerName, ctx: Ctx): Step {
  const notify = (notice: Effect['notice'], detail: Record<string, string>): Effect => ({
    type: 'notify',
    notice,
    detail,
  });
  switch (timer) {
    case 'token-expiry': {
      const ending = state.emergency ? endEmergency(state, 'token-expired', 'expired') : null;
      const expired: TokenState = { ...(ending?.state ?? state), state: 'expired', lapsedRule: null };
      const events: AuditEvent[] = [
        ...(ending ? [ending.event] : []),
        { type: 'token-expired', outcome: 'ok', reason: null, detail: { tokenExpiresAt: state.tokenExpiresAt } },
      ];
      return stepWith(expired, ctx, events, undefined, ending?.effects ?? []);
    }
    case 'emergency-end': {
      const ending = endEmergency(state, 'expired', state.emergency?.rule === 'deny' ? 'emergency-lapsed' : 'active');
      return stepWith(ending.state, ctx, [ending.event], undefined, ending.effects);
    }
    case 'emergency-ending-notice': {
      const ea = state.emergency!; // this timer runs only during an EA (runningTimers)
      const expiresAt = ea.expiresAt;
      const noticed: TokenState = { ...state, emergency: { ...ea, noticeSent: true } };
      return stepWith(
        noticed,
        ctx,
        [{ type: 'emergency-ending-soon', outcome: 'ok', reason: null, detail: { expiresAt } }],
        undefined,
        [notify('emergency-ending-soon', { expiresAt })],
      );
    }
    case 'replacement-window': {
      const detail = { cause: 'token-expiring', tokenExpiresAt: state.tokenExpiresAt };
      return stepWith(
        { ...state, replacementEligible: true },
        ctx,
        [{ type: 'replacement-eligible', outcome: 'ok', reason: null, detail }],
        undefined,
        [notify('replacement-window-open', detail)],
      );
    }
    case 'lockout-end':
      return stepWith(
        { ...state, lockedUntil: null, failures: 0 },
        ctx,
        [{ type: 'token-unlocked', outcome: 'ok', reason: null, detail: { cause: 'lockout-ended' } }],
        undefined,
      );
  }
}

/** Fires every timer due at ctx.nowMs, earliest first, each with its own record. */
export function fireDueTimers(state: TokenState, ctx: Ctx): Step {
  let step: Step = { state, records: [], effects: [], result: undefined };
  // Firing a timer never re-arms one, so each fires at most once: the bound only guards that.
  for (let i = 0; i < FIRING_ORDER.length; i++) {
    const timer = dueTimer(step.state, ctx);
    if (!timer) break;
    step = andThen(step, (s) => fire(s, timer, ctx));
  }
  return step;
}

/** Fires what is overdue (as the timer), then runs the transition on the up-to-date state. */
export function afterDueTimers<R>(state: TokenState, ctx: Ctx, next: (state: TokenState) => Step<R>): Step<R> {
  return andThen(fireDueTimers(state, { ...ctx, requester: TIMER }), next);
}
