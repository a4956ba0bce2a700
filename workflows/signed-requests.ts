// Signed requests to the user and policy workflows: checked against the registry copy before the
// entity sees them; a refusal goes to the audit sink with the principal it claimed. (The token
// workflow keeps refusals in its own trail: token-handlers.ts.)
import { uuid4 } from '@temporalio/workflow';
import { refused } from '../contract/failures.js';
import { isoAt } from '../domain/time.js';
import type { SignedMessage } from '../trust/roles.js';
import { auditExport } from './audit-export.js';
import type { TrustGate } from './trust-gate.js';

export function requestVerifier(gate: TrustGate, workflowId: string) {
  /** The payload with the verified principal as its actor; a refusal is audited, then thrown. */
  return async function verified<P extends object>(message: SignedMessage, payload: P): Promise<P & { actor: string }> {
    const nowMs = Date.now();
    const decision = await gate.check({ message, argument: payload, nowMs });
    if (decision.ok) return { ...payload, actor: decision.principal.name };
    auditExport.export([
      {
        id: `${workflowId}:${uuid4()}`,
        at: isoAt(nowMs),
        serial: workflowId,
        user: null,
        actor: decision.claimed ?? 'unknown',
        origin: 'operator',
        type: 'refused',
        outcome: 'refused',
        reason: decision.message,
        detail: { message },
      },
    ]);
    throw refused(decision.message);
  };
}
