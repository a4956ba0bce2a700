// Signed requests to the user and policy workflows: checked against the registry copy before the
// entity sees them; a refusal goes to the audit sink with the principal it claimed, and a request id
// seen within the replay window is refused as replayed. (The token workflow keeps refusals in its own
// trail and its request ids for 7 days: token-handlers.ts.)
import { uuid4 } from '@temporalio/workflow';
import { refused } from '../contract/failures.js';
import { sinkRefusal } from '../domain/audit.js';
import type { RecentRequests } from '../trust/recent-requests.js';
import type { SignedMessage } from '../trust/roles.js';
import { auditExport } from './audit-export.js';
import type { TrustGate } from './trust-gate.js';

export function requestVerifier(gate: TrustGate, workflowId: string, recent: RecentRequests) {
  /** The payload with the verified principal as its actor; a refusal is audited, then thrown. */
  return async function verified<P extends object>(message: SignedMessage, payload: P): Promise<P & { actor: string }> {
    const nowMs = Date.now();
    const decision = await gate.check({
      message,
      argument: payload,
      nowMs,
      seen: (requestId) => recent.seenBefore(requestId, nowMs),
    });
    if (decision.ok) return { ...payload, actor: decision.principal.name };
    auditExport.export([
      sinkRefusal({
        id: `${workflowId}:${uuid4()}`,
        nowMs,
        serial: workflowId,
        actor: decision.claimed ?? 'unknown',
        origin: 'operator',
        reason: decision.message,
        message,
      }),
    ]);
    throw refused(decision.message);
  };
}
