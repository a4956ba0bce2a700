// Operator actions on one token (spec §3): disable / enable, unlock, unassign, set or clear the PIN;
// and recording input that was rejected at the edge.
import { recordEvent, refuse, stepWith, type AuditEvent } from './audit.js';
import { endEmergency } from './emergency-end.js';
import { afterDueTimers } from './token-timers.js';
import type { TokenState } from './token-state.js';
import type { PinHash } from './types.js';
import type { RequestMeta } from './requests.js';
import type { Ctx, Outcome, Step } from './step.js';

/** Operators only, and never on a retired token (its record stays as it was). */
function operatorAction(
  state: TokenState,
  action: string,
  meta: RequestMeta,
  ctx: Ctx,
  change: (state: TokenState) => Step<Outcome>,
): Step<Outcome> {
  return afterDueTimers<Outcome>(state, ctx, (s) => {
    if (meta.origin !== 'operator') return refuse(s, ctx, action, `only an operator can ${action} a token`);
    if (s.state === 'retired') return refuse(s, ctx, action, `token ${s.serial} is retired`);
    return change(s);
  });
}

const done = (state: TokenState, ctx: Ctx, ...events: AuditEvent[]): Step<Outcome> =>
  stepWith(state, ctx, events, { ok: true });

export function disable(state: TokenState, meta: RequestMeta, ctx: Ctx): Step<Outcome> {
  return operatorAction(state, 'disable', meta, ctx, (s) =>
    done({ ...s, disabled: true }, ctx, { type: 'disabled', outcome: 'ok', reason: null }),
  );
}

export function enable(state: TokenState, meta: RequestMeta, ctx: Ctx): Step<Outcome> {
  return operatorAction(state, 'enable', meta, ctx, (s) =>
    done({ ...s, disabled: false }, ctx, { type: 'enabled', outcome: 'ok', reason: null }),
  );
}

/** Ends a lockout at once and resets the failure count. */
export function unlock(state: TokenState, meta: RequestMeta, ctx: Ctx): Step<Outcome> {
  return operatorAction(state, 'unlock', meta, ctx, (s) =>
    done({ ...s, failures: 0, lockedUntil: null, lockedIndefinitely: false }, ctx, {
      type: 'token-unlocked',
      outcome: 'ok',
      reason: null,
      detail: { cause: 'operator' },
    }),
  );
}

/** The token leaves its user for good: EA ends, the token is retired. */
export function unassign(state: TokenState, meta: RequestMeta, ctx: Ctx): Step<Outcome> {
  return operatorAction(state, 'unassign', meta, ctx, (s) => {
    const ending =
      s.state === 'emergency' || s.state === 'emergency-lapsed' ? endEmergency(s, 'unassigned', 'retired') : null;
    const retired: TokenState = { ...(ending?.state ?? s), state: 'retired' };
    const events: AuditEvent[] = [
      ...(ending ? [ending.event] : []),
      { type: 'unassigned', outcome: 'ok', reason: null, detail: { from: s.userId } },
    ];
    return stepWith(retired, ctx, events, { ok: true }, ending?.effects ?? []);
  });
}

/** The PIN's hash (made by the client that sent it), or null to clear it. */
export function setPinHash(state: TokenState, hash: PinHash | null, meta: RequestMeta, ctx: Ctx): Step<Outcome> {
  return operatorAction(state, hash ? 'set the PIN of' : 'clear the PIN of', meta, ctx, (s) =>
    done({ ...s, pin: hash }, ctx, { type: hash ? 'pin-set' : 'pin-cleared', outcome: 'ok', reason: null }),
  );
}

/** Malformed input from any caller: recorded, nothing else changes (spec §3). */
export function rejectInput(state: TokenState, what: string, message: string, ctx: Ctx): Step {
  return recordEvent(
    state,
    { type: 'input-rejected', outcome: 'rejected', reason: message, detail: { input: what } },
    ctx,
  );
}
