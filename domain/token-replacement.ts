// Replacement (spec §1, §3): from the replacement window on (or at once for a permanently lost
// token) the user may request a replacement; an operator assigns one and the old token retires.
import { refuse, stepWith, type AuditEvent } from './audit.js';
import { endEmergency } from './emergency-end.js';
import { SERIAL_PATTERN } from './serial.js';
import { isoAt } from './time.js';
import { afterDueTimers } from './token-timers.js';
import type { TokenState } from './token-state.js';
import type { RequestMeta } from './requests.js';
import type { Ctx, Outcome, Step } from './step.js';

/** From the user, self-service, a system or an operator: only once eligible. */
export function requestReplacement(state: TokenState, meta: RequestMeta, ctx: Ctx): Step<Outcome> {
  return afterDueTimers<Outcome>(state, ctx, (s) => {
    const no = (message: string) => refuse(s, ctx, 'request-replacement', message);
    if (s.state === 'retired' || s.state === 'unassigned') return no(`token ${s.serial} is ${s.state}`);
    if (!s.replacementEligible) {
      const opensAt = isoAt(Date.parse(s.tokenExpiresAt) - ctx.policy.expiringToken.replacementWindowMs);
      return no(`token ${s.serial} is not yet eligible for a replacement: the window opens at ${opensAt}`);
    }
    const detail = { repeated: s.replacementRequested, by: meta.origin };
    return stepWith(
      { ...s, replacementRequested: true },
      ctx,
      [{ type: 'replacement-requested', outcome: 'ok', reason: null, detail }],
      { ok: true },
    );
  });
}

/** The operator assigned `newSerial` in this token's place: EA ends, this token is retired. */
export function retireAsReplaced(state: TokenState, newSerial: string, meta: RequestMeta, ctx: Ctx): Step<Outcome> {
  return afterDueTimers<Outcome>(state, ctx, (s) => {
    const no = (message: string, code: 'refused' | 'invalid' = 'refused') =>
      refuse(s, ctx, 'assign-replacement', message, { code });
    if (meta.origin !== 'operator') return no('only an operator can assign a replacement token');
    if (s.state === 'retired') return no(`token ${s.serial} is already retired`);
    if (!SERIAL_PATTERN.test(newSerial) || newSerial === s.serial)
      return no(`"${newSerial}" cannot replace token ${s.serial}: give another valid serial`, 'invalid');
    const ending =
      s.state === 'emergency' || s.state === 'emergency-lapsed' ? endEmergency(s, 'replaced', 'retired') : null;
    const retired: TokenState = { ...(ending?.state ?? s), state: 'retired', replacedBy: newSerial };
    const events: AuditEvent[] = [
      ...(ending ? [ending.event] : []),
      { type: 'replacement-assigned', outcome: 'ok', reason: null, detail: { newSerial } },
    ];
    return stepWith(retired, ctx, events, { ok: true }, ending?.effects ?? []);
  });
}
