// On-demand codes (spec §1, §3): in an on-demand EA the user asks for a fresh code, delivered by SMS
// or e-mail, valid for onDemand.codeLifetime and once; a new one voids the previous one.
import { refuse, stepWith } from './audit.js';
import { overHourlyLimit, withinTheHour } from './hourly-limit.js';
import { isoAt } from './time.js';
import { afterDueTimers } from './token-timers.js';
import type { TokenState } from './token-state.js';
import type { Channel, SecretHash, User } from './types.js';
import { contactFor } from './user.js';
import type { Ctx, Outcome, Step } from './step.js';

/** The answer to a login prompt's PIN that is not the token's. */
export const NO_CODE_SENT = 'no on-demand code was sent';

/** The running on-demand EA, if that is what the token is in. */
const onDemandEmergency = (state: TokenState) =>
  state.state === 'emergency' && state.emergency?.kind === 'on-demand' ? state.emergency : null;

/**
 * Whether a code may be issued now, and where it goes. A plan is no event; a refusal is recorded,
 * except a wrong PIN (`pinRight` false: the gateway's challenge flow, checked by a worker): the
 * authentication of the same login, run alongside, counts and audits that passcode, and a record
 * here would tell a wrong PIN apart.
 */
export function planOnDemandCode(
  state: TokenState,
  user: User | null,
  ctx: Ctx,
  pinRight?: boolean,
): Step<Outcome<{ channel: Channel; expiresAt: string; codeLength: number }>> {
  return afterDueTimers<Outcome<{ channel: Channel; expiresAt: string; codeLength: number }>>(state, ctx, (s) => {
    const no = (message: string) => refuse(s, ctx, 'request-on-demand', message);
    if (pinRight === false)
      return { state: s, records: [], effects: [], result: { ok: false, code: 'refused', message: NO_CODE_SENT } };
    const ea = onDemandEmergency(s);
    if (!ea) return no(`token ${s.serial} is not in on-demand emergency access`);
    if (s.disabled) return no(`token ${s.serial} is disabled`);
    if (s.lockedIndefinitely || s.lockedUntil !== null)
      return no(`token ${s.serial} is locked; ask the help desk to unlock it`);
    const channel = user?.onDemand ?? null;
    if (!user || !channel) return no(`the user of token ${s.serial} is not enabled for on-demand codes`);
    if (!contactFor(user, channel))
      return no(
        `user ${user.id} has no ${channel === 'email' ? 'e-mail address' : 'mobile number'} for on-demand codes`,
      );
    const limit = ctx.policy.onDemand.rateLimitPerHour;
    const limited = overHourlyLimit(ea.onDemand?.requestTimes ?? [], limit, ctx.nowMs, 'on-demand codes');
    if (limited) return no(limited);
    // A code never outlives its EA.
    const expiresAt = isoAt(Math.min(ctx.nowMs + ctx.policy.onDemand.codeLifetimeMs, Date.parse(ea.expiresAt)));
    return { state: s, records: [], effects: [], result: { ok: true, channel, expiresAt, codeLength: ea.codeLength } };
  });
}

/** Stores the new code's hash, voiding the previous code; counts toward the hourly limit. */
export function issueOnDemandCode(state: TokenState, hash: SecretHash, expiresAt: string, ctx: Ctx): Step<Outcome> {
  return afterDueTimers<Outcome>(state, ctx, (s) => {
    const ea = onDemandEmergency(s);
    if (!ea)
      return refuse(
        s,
        ctx,
        'request-on-demand',
        `token ${s.serial} left on-demand emergency access while the code was being generated`,
      );
    const onDemand = {
      current: { hash, expiresAt },
      requestTimes: [...withinTheHour(ea.onDemand?.requestTimes ?? [], ctx.nowMs), isoAt(ctx.nowMs)],
    };
    const detail = { kind: 'on-demand', count: 1, expiresAt, voidedPrevious: ea.onDemand?.current != null };
    return stepWith(
      { ...s, emergency: { ...ea, onDemand, issuedAt: isoAt(ctx.nowMs) } },
      ctx,
      [{ type: 'codes-issued', outcome: 'ok', reason: null, detail }],
      { ok: true },
    );
  });
}
