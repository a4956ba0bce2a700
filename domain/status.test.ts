import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from './policy.js';
import { toStatus } from './status.js';
import { ctxAt, hash, newToken, PIN, reportLost, T0, authenticateAsWorkflow } from './test-fixtures.js';
import { DAY_MS, HOUR_MS, isoAt } from './time.js';
import { issueOnDemandCode } from './token-on-demand.js';

describe('toStatus', () => {
  it('shows an active token with its running timers, soonest first', () => {
    expect(toStatus(newToken({ expiresInDays: 40 }), DEFAULT_POLICY, T0)).toEqual({
      serial: 'T1',
      user: 'alice',
      state: 'active',
      reason: null,
      kind: null,
      unusedCodes: null,
      expiresAt: null,
      tokenExpiresAt: isoAt(T0 + 40 * DAY_MS),
      locked: false,
      lockedUntil: null,
      disabled: false,
      replacementEligible: false,
      replacementRequested: false,
      rule: null,
      startedAt: null,
      startedBy: null,
      issuedAt: null,
      delivery: null,
      hasPin: true,
      failures: 0,
      replacedBy: null,
      timers: [
        { name: 'replacement-window', at: isoAt(T0 + 10 * DAY_MS) },
        { name: 'token-expiry', at: isoAt(T0 + 40 * DAY_MS) },
      ],
      onDemandCodeExpiresAt: null,
      undelivered: [],
      policyVersion: DEFAULT_POLICY.version,
    });
  });

  it('shows a one-time set by how many codes are left, never the codes', () => {
    const { state, codes } = reportLost(
      newToken(),
      { reason: 'permanently-lost', kind: 'one-time-set', count: 3, delivery: 'email' },
      ctxAt(T0),
    );
    const used = authenticateAsWorkflow(state, PIN + codes[1], ctxAt(T0)).state;
    const status = toStatus(used, DEFAULT_POLICY, T0);
    expect(status).toMatchObject({
      state: 'emergency',
      reason: 'permanently-lost',
      kind: 'one-time-set',
      unusedCodes: 2,
      rule: 'deny',
      delivery: 'email',
      startedAt: isoAt(T0),
      issuedAt: isoAt(T0),
      replacementEligible: true,
    });
    expect(status.timers.map((t) => t.name)).toEqual(['emergency-ending-notice', 'emergency-end', 'token-expiry']);
    const json = JSON.stringify(status);
    for (const code of codes) expect(json).not.toContain(code);
    expect(json).not.toContain(state.emergency!.codes[0]!.hash.hash);
  });

  it('shows no count for the other kinds', () => {
    expect(
      toStatus(reportLost(newToken(), { reason: 'permanently-lost' }, ctxAt(T0)).state, DEFAULT_POLICY, T0).unusedCodes,
    ).toBeNull();
  });

  it('shows a live on-demand code only until it expires', () => {
    const { state } = reportLost(newToken(), { reason: 'temporarily-unavailable', kind: 'on-demand' }, ctxAt(T0));
    const issued = issueOnDemandCode(state, hash('abcd2345'), isoAt(T0 + HOUR_MS), ctxAt(T0)).state;
    expect(toStatus(issued, DEFAULT_POLICY, T0).onDemandCodeExpiresAt).toBe(isoAt(T0 + HOUR_MS));
    expect(toStatus(issued, DEFAULT_POLICY, T0 + HOUR_MS).onDemandCodeExpiresAt).toBeNull();
  });

  it('is never stale: timers already due are applied', () => {
    const { state } = reportLost(newToken(), { reason: 'permanently-lost', lifetimeMs: DAY_MS }, ctxAt(T0));
    expect(toStatus(state, DEFAULT_POLICY, T0 + 2 * DAY_MS)).toMatchObject({
      state: 'emergency-lapsed',
      rule: 'deny',
      expiresAt: null,
      kind: null,
    });
  });

  it('shows a lock and when it ends (null when until unlocked)', () => {
    expect(
      toStatus({ ...newToken(), lockedUntil: isoAt(T0 + HOUR_MS), failures: 10 }, DEFAULT_POLICY, T0),
    ).toMatchObject({ locked: true, lockedUntil: isoAt(T0 + HOUR_MS), failures: 10 });
    expect(toStatus({ ...newToken(), lockedIndefinitely: true }, DEFAULT_POLICY, T0)).toMatchObject({
      locked: true,
      lockedUntil: null,
    });
    expect(toStatus({ ...newToken(), lockedUntil: isoAt(T0 + HOUR_MS) }, DEFAULT_POLICY, T0 + HOUR_MS)).toMatchObject({
      locked: false,
      lockedUntil: null,
    });
  });
});
