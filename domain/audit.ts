// The audit trail (spec §6): the one place records are made. Each is numbered `<serial>:<seq>` so
// an at-least-once sink can drop duplicates, and the state keeps the newest AUDIT_LIMIT of them.
// Records carry kinds, counts, times and reasons — never a code, PIN or seed.
import { clipText } from './clip-text.js';
import { isoAt } from './time.js';
import type { TokenState } from './token-state.js';
import type { AuditRecord } from './types.js';
import type { Ctx, Effect, Refusal, Step } from './step.js';

export const AUDIT_LIMIT = 500;
/** A record's reason and each detail value stay within these lengths (spec §3: bounded state). */
export const REASON_LENGTH = 1_000;
export const DETAIL_LENGTH = 200;

/** A record before it is numbered and stamped. */
export interface AuditEvent {
  type: string;
  outcome: AuditRecord['outcome'];
  reason: string | null;
  detail?: AuditRecord['detail'];
}

/** The step that appends one record per event (in order) to `state`. */
export function stepWith<R>(
  state: TokenState,
  ctx: Ctx,
  events: AuditEvent[],
  result: R,
  effects: Effect[] = [],
): Step<R> {
  const records = events.map((event, i): AuditRecord => ({
    id: `${state.serial}:${state.auditSeq + i + 1}`,
    at: isoAt(ctx.nowMs),
    serial: state.serial,
    user: state.userId,
    actor: ctx.requester.actor,
    origin: ctx.requester.origin,
    type: event.type,
    outcome: event.outcome,
    reason: event.reason === null ? null : clipText(event.reason, REASON_LENGTH),
    ...(event.detail ? { detail: boundedDetail(event.detail) } : {}),
    ...(ctx.requester.via ? { via: ctx.requester.via } : {}),
  }));
  const audit = [...state.audit, ...records].slice(-AUDIT_LIMIT);
  return { state: { ...state, audit, auditSeq: state.auditSeq + records.length }, records, effects, result };
}

function boundedDetail(detail: NonNullable<AuditRecord['detail']>): NonNullable<AuditRecord['detail']> {
  return Object.fromEntries(
    Object.entries(detail).map(([key, value]) => [
      key,
      typeof value === 'string' ? clipText(value, DETAIL_LENGTH) : value,
    ]),
  );
}

/** One event, nothing else changed (also used by the workflow for delivery receipts). */
export function recordEvent(state: TokenState, event: AuditEvent, ctx: Ctx): Step {
  return stepWith(state, ctx, [event], undefined);
}

/** The user a token's audit shows accepted by-user `attempt`, or null. */
export function acceptedAttemptIn(records: readonly AuditRecord[], attempt: string): string | null {
  return records.find((r) => r.type === 'auth-accepted' && r.detail?.attempt === attempt)?.user ?? null;
}

/** A refusal, audited: `refused` by default, or the event type a rule names (e.g. found-denied-by-rule). */
export function refuse(
  state: TokenState,
  ctx: Ctx,
  action: string,
  message: string,
  options: { code?: Refusal['code']; type?: string } = {},
): Step<Refusal> {
  const code = options.code ?? 'refused';
  return stepWith(
    state,
    ctx,
    [{ type: options.type ?? 'refused', outcome: 'refused', reason: message, detail: { action, code } }],
    { ok: false, code, message },
  );
}

/**
 * A refused request at a workflow that keeps no trail of its own (a user, the policy, a token not
 * assigned yet): one record, for the sink alone, naming the principal the request claimed.
 */
export function sinkRefusal(refusal: {
  id: string;
  nowMs: number;
  serial: string;
  actor: string;
  origin: AuditRecord['origin'];
  reason: string;
  message: string;
}): AuditRecord {
  return {
    id: refusal.id,
    at: isoAt(refusal.nowMs),
    serial: refusal.serial,
    user: null,
    actor: refusal.actor,
    origin: refusal.origin,
    type: 'refused',
    outcome: 'refused',
    reason: refusal.reason,
    detail: { message: refusal.message },
  };
}
