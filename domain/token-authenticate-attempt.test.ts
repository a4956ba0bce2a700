// Issue 16 item 8: a user with two tokens who logs in with one must not count failures on the other.
// A by-user attempt holds its failure on each token pending until the attempt is settled: accepted
// on another of the user's tokens, it is dropped (no lock, no notice); otherwise it counts.
import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './policy.js';
import { authenticateAsWorkflow, ctxAt, newToken, ownPasscode, PIN, T0, typesOf } from './test-fixtures.js';
import { settleAttempt } from './token-authenticate.js';
import type { TokenState } from './token-state.js';
import type { Policy } from './types.js';

const policy: Policy = { ...DEFAULT_POLICY, lockout: { maxFailures: 3, durationMs: 30 * 60_000 } };
const ctx = ctxAt(T0, { actor: 'gateway', origin: 'system' }, policy);
/** The user's other token, one failure short of locking. */
const nearlyLocked = (): TokenState => ({ ...newToken(), serial: 'T2', failures: 2 });

describe('a failure within a by-user attempt', () => {
  it('is pending: audited, but neither counted nor locking yet', () => {
    const step = authenticateAsWorkflow(nearlyLocked(), `${PIN}000000`, ctx, undefined, 'attempt-1');
    expect(step.result.accepted).toBe(false);
    expect(step.state).toMatchObject({ failures: 2, lockedUntil: null, pendingFailure: { attempt: 'attempt-1' } });
    expect(typesOf(step)).toEqual(['auth-rejected']);
    expect(step.effects).toEqual([]);
  });

  it('is dropped when the attempt was accepted on another of the user’s tokens: no lock, no notice', () => {
    const failed = authenticateAsWorkflow(nearlyLocked(), `${PIN}000000`, ctx, undefined, 'attempt-1').state;
    const settled = settleAttempt(failed, 'attempt-1', true, ctx);
    expect(settled.state).toMatchObject({ failures: 2, lockedUntil: null, pendingFailure: null });
    expect(settled.records).toMatchObject([{ type: 'auth-failure-cleared', reason: 'accepted-on-another-token' }]);
    expect(settled.effects).toEqual([]);
  });

  it('counts when no token accepted it, locking at maxFailures and telling the user', () => {
    const failed = authenticateAsWorkflow(nearlyLocked(), `${PIN}000000`, ctx, undefined, 'attempt-1').state;
    const settled = settleAttempt(failed, 'attempt-1', false, ctx);
    expect(settled.state).toMatchObject({ failures: 3, pendingFailure: null, lockedUntil: expect.any(String) });
    expect(typesOf(settled)).toEqual(['token-locked']);
    expect(settled.effects).toMatchObject([{ notice: 'token-locked' }]);
  });

  it('counts when never settled, before the next passcode is checked', () => {
    const failed = authenticateAsWorkflow(nearlyLocked(), `${PIN}000000`, ctx, undefined, 'attempt-1').state;
    const next = authenticateAsWorkflow(
      failed,
      ownPasscode(failed, T0 + 60_000),
      ctxAt(T0 + 60_000, ctx.requester, policy),
    );
    expect(next.result.accepted).toBe(false);
    expect(next.state).toMatchObject({ failures: 3, pendingFailure: null });
    expect(typesOf(next)).toEqual(['token-locked', 'auth-rejected']);
  });

  it('is settled only by its own attempt', () => {
    const failed = authenticateAsWorkflow(nearlyLocked(), `${PIN}000000`, ctx, undefined, 'attempt-1').state;
    expect(settleAttempt(failed, 'attempt-2', true, ctx)).toEqual({
      state: failed,
      records: [],
      effects: [],
      result: undefined,
    });
  });

  it('a failure without an attempt counts at once, as before', () => {
    expect(authenticateAsWorkflow(nearlyLocked(), `${PIN}000000`, ctx).state).toMatchObject({
      failures: 3,
      pendingFailure: null,
    });
  });
});
