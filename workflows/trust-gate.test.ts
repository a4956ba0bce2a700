import { describe, expect, it } from 'vitest';
import type { PrincipalsView } from '../trust/principal.js';
import { T0, principalRecord, signedBy } from '../trust/test-fixtures.js';
import { TrustGate } from './trust-gate.js';

const ID = 'token-EA000123';
const viewOf = (version: number, ...names: string[]): PrincipalsView => ({
  version,
  principals: Object.fromEntries(names.map((name) => [name, principalRecord(name, ['helpdesk'])])),
});

/** A registry the gate fetches from, counting the fetches. */
function registry(initial: PrincipalsView) {
  const state = { view: initial, fetches: 0 };
  const fetch = async () => {
    state.fetches++;
    return state.view;
  };
  return { state, fetch };
}

const found = (by: string, at = T0) => ({
  message: 'found',
  argument: signedBy(by, 'found', { requestId: `r-${by}-${at}`, origin: 'operator' }, { workflowId: ID }),
  nowMs: at,
});

describe('TrustGate', () => {
  it('reads the registry before its first decision, and not again while nothing changed', async () => {
    const { state, fetch } = registry(viewOf(1, 'anna'));
    const gate = new TrustGate(ID, undefined, fetch);
    expect((await gate.check(found('anna'))).ok).toBe(true);
    expect((await gate.check(found('anna', T0 + 1))).ok).toBe(true);
    expect(state.fetches).toBe(1);
  });

  it('decides nothing on a copy older than the registry announced: a revocation holds', async () => {
    const { state, fetch } = registry(viewOf(1, 'anna'));
    const gate = new TrustGate(ID, undefined, fetch);
    await gate.check(found('anna'));
    state.view = { version: 2, principals: { anna: principalRecord('anna', ['helpdesk'], { state: 'revoked' }) } };
    gate.heard({ version: 2 });
    expect(await gate.check(found('anna', T0 + 1))).toMatchObject({ ok: false, reason: 'revoked' });
  });

  it('fetches once for a forged announcement and then no more', async () => {
    const { state, fetch } = registry(viewOf(1, 'anna'));
    const gate = new TrustGate(ID, viewOf(1, 'anna'), fetch);
    gate.heard({ version: 999 });
    expect((await gate.check(found('anna'))).ok).toBe(true);
    expect((await gate.check(found('anna', T0 + 1))).ok).toBe(true);
    expect(state.fetches).toBe(1);
  });

  it.each([null, 'x', { version: '2' }, { version: Number.NaN }, [], { version: 2.5 }])(
    'ignores a malformed announcement %j',
    async (payload) => {
      const { state, fetch } = registry(viewOf(1, 'anna'));
      const gate = new TrustGate(ID, viewOf(1, 'anna'), fetch);
      gate.heard(payload);
      await gate.check(found('anna'));
      expect(state.fetches).toBe(0);
    },
  );

  it('reads again for a principal it does not know, at most once a minute', async () => {
    const { state, fetch } = registry(viewOf(1, 'anna'));
    const gate = new TrustGate(ID, viewOf(1, 'anna'), fetch);
    state.view = viewOf(2, 'anna', 'ben');
    expect((await gate.check(found('ben'))).ok).toBe(true);
    expect(state.fetches).toBe(1);
    expect(await gate.check(found('mallory', T0 + 1000))).toMatchObject({ ok: false, reason: 'unknown-principal' });
    expect(state.fetches).toBe(1);
    expect(await gate.check(found('mallory', T0 + 61_000))).toMatchObject({ ok: false, reason: 'unknown-principal' });
    expect(state.fetches).toBe(2);
  });

  it('reads again when a newer announcement arrives while it reads', async () => {
    let release: () => void = () => undefined;
    const views = [viewOf(1, 'anna'), viewOf(2, 'anna', 'ben')];
    let fetches = 0;
    const gate = new TrustGate(ID, undefined, async () => {
      const view = views[Math.min(fetches++, 1)]!;
      if (fetches === 1) await new Promise<void>((resolve) => (release = resolve));
      return view;
    });
    gate.heard({ version: 1 });
    const first = gate.check(found('ben'));
    gate.heard({ version: 2 });
    release();
    expect((await first).ok).toBe(true);
    expect(fetches).toBe(2);
  });
});
