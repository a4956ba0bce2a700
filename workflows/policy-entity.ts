// The policy document as an entity: the current policy, versioned, and the history of changes.
// No Temporal import: the policy workflow and the in-memory service run the same rules.
import { invalid } from '../contract/failures.js';
import type { SetPolicyPayload } from '../contract/payload-schemas.js';
import { REQUEST_MEMORY_MS } from '../domain/idempotency.js';
import { applyPolicyAssignments } from '../domain/policy.js';
import type { AuditRecord, Policy, PolicyChange } from '../domain/types.js';

export const POLICY_SERIAL = 'ea-policy';
const MAX_HISTORY = 1_000;
/** Request ids kept for repeats: a week's (spec §5), at most this many. */
const MAX_SEEN_REQUESTS = 1_000;

export interface PolicySnapshot {
  policy: Policy;
  history: PolicyChange[];
  /** Request id → when it was applied: a repeat changes nothing (spec §5). */
  seenRequests?: Record<string, string>;
}

/** A change applied: the audit record to export; null when nothing changed. */
export type PolicySetResult = { policy: Policy; record: AuditRecord | null };

export class PolicyEntity {
  private current: Policy;
  private changes: PolicyChange[];
  private seen: Map<string, string>;

  constructor(snapshot: PolicySnapshot) {
    this.current = snapshot.policy;
    this.changes = snapshot.history;
    this.seen = new Map(Object.entries(snapshot.seenRequests ?? {}));
  }

  get policy(): Policy {
    return this.current;
  }

  get history(): PolicyChange[] {
    return this.changes;
  }

  snapshot(): PolicySnapshot {
    return { policy: this.current, history: this.changes, seenRequests: Object.fromEntries(this.seen) };
  }

  /** Throws `invalid` for assignments the domain refuses; the validator runs it before history. */
  check(payload: SetPolicyPayload): void {
    if (!this.seen.has(payload.requestId)) this.apply(payload);
  }

  /** A repeat of a request already applied answers with the policy as it is now. */
  set(payload: SetPolicyPayload, nowMs: number): PolicySetResult {
    if (this.seen.has(payload.requestId)) return { policy: this.current, record: null };
    const result = this.apply(payload);
    this.remember(payload.requestId, nowMs);
    if (result.changes.length === 0) return { policy: this.current, record: null };
    this.current = result.policy;
    const at = new Date(nowMs).toISOString();
    this.changes = [
      ...this.changes,
      { version: result.policy.version, at, actor: payload.actor, changes: result.changes },
    ].slice(-MAX_HISTORY);
    const record: AuditRecord = {
      id: `${POLICY_SERIAL}:${result.policy.version}`,
      at,
      serial: POLICY_SERIAL,
      user: null,
      actor: payload.actor,
      origin: 'operator',
      type: 'policy-changed',
      outcome: 'ok',
      reason: null,
      detail: Object.fromEntries(result.changes.map((c) => [c.key, `${c.from} → ${c.to}`])),
    };
    return { policy: this.current, record };
  }

  private remember(requestId: string, nowMs: number): void {
    for (const [id, at] of this.seen) if (nowMs - Date.parse(at) > REQUEST_MEMORY_MS) this.seen.delete(id);
    this.seen.set(requestId, new Date(nowMs).toISOString());
    while (this.seen.size > MAX_SEEN_REQUESTS) this.seen.delete(this.seen.keys().next().value!);
  }

  private apply(payload: SetPolicyPayload) {
    const result = applyPolicyAssignments(this.current, payload.assignments);
    if (!result.ok) throw invalid(result.errors.map((e) => `${e.field}: ${e.message}`).join('; '), result.errors);
    return result;
  }
}
