// A token's first state: assigned to its user (or unassigned without one).
import { recordEvent } from './audit.js';
import type { Ctx, Step } from './step.js';
import type { TokenState } from './token-state.js';
import type { PinHash, SealedOath } from './types.js';

export interface NewToken {
  serial: string;
  userId: string | null;
  oath: SealedOath;
  tokenExpiresAt: string;
  pin: PinHash | null;
}

/** A token as assigned: active for its user (or unassigned without one), audited as `token-assigned`. */
export function newTokenState(req: NewToken, ctx: Ctx): Step {
  const state: TokenState = {
    serial: req.serial,
    userId: req.userId,
    state: req.userId ? 'active' : 'unassigned',
    oath: req.oath,
    lastOathStep: null,
    tokenExpiresAt: req.tokenExpiresAt,
    pin: req.pin,
    emergency: null,
    lapsedRule: null,
    disabled: false,
    failures: 0,
    lockedUntil: null,
    lockedIndefinitely: false,
    replacementEligible: false,
    replacementRequested: false,
    replacedBy: null,
    audit: [],
    auditSeq: 0,
    seenRequests: {},
  };
  const { type, algorithm, digits } = req.oath;
  return recordEvent(
    state,
    {
      type: 'token-assigned',
      outcome: 'ok',
      reason: null,
      detail: { oathType: type, algorithm, digits, tokenExpiresAt: req.tokenExpiresAt, hasPin: req.pin !== null },
    },
    ctx,
  );
}
