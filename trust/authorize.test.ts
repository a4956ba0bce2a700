import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { authorize, MAX_SKEW_MS, REFUSALS, type AuthorizeInput, type Decision } from './authorize.js';
import { signRequest } from './envelope.js';
import type { PrincipalRecord } from './principal.js';
import {
  payloadFor,
  principalRecord,
  privateKeyOf,
  registryOf,
  signedBy,
  T0,
  T0_ISO,
  WORKFLOW_ID,
} from './test-fixtures.js';
import { TEST_VECTOR, TEST_VECTOR_ARGUMENT } from './test-vector.js';

const anna = principalRecord('anna', ['helpdesk']);
const eva = principalRecord('eva', ['admin']);
const gone = principalRecord('gone', ['admin'], { state: 'revoked', revokedAt: '2026-01-10T00:00:00.000Z' });
const asset = principalRecord('asset-mgmt', ['system']);
const portal = principalRecord('portal-alice', ['selfservice'], { user: 'alice' });
const orphan = principalRecord('portal-nobody', ['selfservice']);
const gateway = principalRecord('gateway', ['authenticator']);
const reader = principalRecord('reader', ['auditor']);
const mixed = principalRecord('mixed', ['system', 'selfservice'], { user: 'alice' });
const deskAndPortal = principalRecord('desk-portal', ['helpdesk', 'selfservice'], { user: 'alice' });
const registry = registryOf(anna, eva, gone, asset, portal, orphan, gateway, reader, mixed, deskAndPortal);

function decide(message: string, argument: unknown, extra: Partial<AuthorizeInput> = {}): Decision {
  return authorize({
    registry,
    workflowId: WORKFLOW_ID,
    message,
    argument,
    nowMs: T0,
    seen: () => false,
    tokenUser: 'alice',
    ...extra,
  });
}

function refusal(decision: Decision): [string, string | null] {
  return decision.ok ? ['ok', decision.principal.name] : [decision.reason, decision.claimed];
}

describe('authorize', () => {
  it('accepts a well-signed, fresh, new, in-role request and returns the verified principal and payload', () => {
    const payload = payloadFor({ origin: 'operator', reason: 'permanently-lost' });
    const decision = decide('lost', signedBy('anna', 'lost', payload));
    expect(decision).toEqual({ ok: true, principal: anna, payload });
  });

  it('accepts the published test vector with a plain-object registry', () => {
    const record: PrincipalRecord = {
      name: 'admin-eva',
      publicKey: TEST_VECTOR.publicKey,
      roles: ['admin'],
      state: 'active',
      addedAt: '2026-01-01T00:00:00Z',
    };
    const decision = authorize({
      registry: { 'admin-eva': record },
      workflowId: 'user-u-1042',
      message: 'putUser',
      argument: TEST_VECTOR_ARGUMENT,
      nowMs: Date.parse(TEST_VECTOR.at),
    });
    expect(decision).toEqual({ ok: true, principal: record, payload: TEST_VECTOR.payload });
  });

  describe('each refusal', () => {
    it('unsigned: no envelope, or a garbled one', () => {
      expect(refusal(decide('lost', payloadFor()))).toEqual(['unsigned', null]);
      expect(refusal(decide('lost', { ...payloadFor(), envelope: { principal: 'anna', at: T0_ISO } }))).toEqual([
        'unsigned',
        'anna',
      ]);
      expect(
        refusal(decide('lost', { ...payloadFor(), envelope: { principal: 'anna', at: T0_ISO, signature: 'c2ln' } })),
      ).toEqual(['unsigned', 'anna']);
      expect(refusal(decide('lost', null))).toEqual(['unsigned', null]);
      expect(refusal(decide('lost', { envelope: { principal: 'x'.repeat(10_000) } }))).toEqual(['unsigned', null]);
    });

    it('unknown-principal, including names that are Object.prototype members', () => {
      const stranger = signRequest(privateKeyOf('stranger'), 'stranger', WORKFLOW_ID, 'lost', payloadFor(), T0_ISO);
      expect(refusal(decide('lost', stranger))).toEqual(['unknown-principal', 'stranger']);
      const plain = Object.fromEntries(registry);
      for (const name of ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
        const argument = signRequest(privateKeyOf(name), name, WORKFLOW_ID, 'lost', payloadFor(), T0_ISO);
        expect(refusal(decide('lost', argument, { registry: plain }))).toEqual(['unknown-principal', name]);
        expect(refusal(decide('lost', argument))).toEqual(['unknown-principal', name]);
      }
    });

    it('unknown-principal for a malformed record or one filed under another name', () => {
      const argument = signedBy('anna', 'clear', payloadFor());
      const broken = [
        { ...anna, roles: ['root'] },
        { ...anna, state: 'paused' },
        { ...anna, publicKey: 7 },
        { ...anna, name: 'anne' },
        null,
        'anna',
      ];
      for (const record of broken) {
        expect(
          refusal(decide('clear', argument, { registry: new Map([['anna', record as PrincipalRecord]]) })),
        ).toEqual(['unknown-principal', 'anna']);
      }
    });

    it('revoked', () => {
      expect(refusal(decide('clear', signedBy('gone', 'clear', payloadFor())))).toEqual(['revoked', 'gone']);
    });

    it('bad-signature: tampered, signed for another workflow or message, or by another key', () => {
      const payload = payloadFor({ origin: 'operator' });
      const argument = signedBy('anna', 'clear', payload);
      expect(refusal(decide('clear', { ...argument, origin: 'system' }))).toEqual(['bad-signature', 'anna']);
      expect(refusal(decide('clear', argument, { workflowId: 'token-OTHER' }))).toEqual(['bad-signature', 'anna']);
      expect(refusal(decide('found', argument))).toEqual(['bad-signature', 'anna']);
      expect(refusal(decide('clear', signedBy('anna', 'clear', payload, { key: privateKeyOf('mallory') })))).toEqual([
        'bad-signature',
        'anna',
      ]);
      const badKey = new Map([['anna', { ...anna, publicKey: 'not-a-key' }]]);
      expect(refusal(decide('clear', argument, { registry: badKey }))).toEqual(['bad-signature', 'anna']);
    });

    it('stale: more than five minutes either way, or not an ISO-8601 UTC time', () => {
      const at = (nowMs: number, atIso = T0_ISO) =>
        refusal(decide('clear', signedBy('anna', 'clear', payloadFor(), { at: atIso }), { nowMs }))[0];
      expect(at(T0 + MAX_SKEW_MS)).toBe('ok');
      expect(at(T0 - MAX_SKEW_MS)).toBe('ok');
      expect(at(T0 + MAX_SKEW_MS + 1)).toBe('stale');
      expect(at(T0 - MAX_SKEW_MS - 1)).toBe('stale');
      expect(at(Number.NaN)).toBe('stale');
      expect(at(T0, '2026-01-15T09:30:00Z')).toBe('ok');
      expect(at(T0 + 123, '2026-01-15T09:30:00.123456789Z')).toBe('ok');
      for (const bad of [
        '2026-01-15T09:30:00.000+00:00',
        '2026-01-15 09:30:00Z',
        '2026-02-30T09:30:00Z',
        '2026-01-15T24:00:00Z',
        '2026-01-15T09:30:60Z',
        '1768469400000',
        'yesterday',
        '2026-01-15',
      ]) {
        expect(at(T0, bad), bad).toBe('stale');
      }
    });

    it('replayed: the workflow has seen the request id; a failing memory counts as seen', () => {
      const payload = payloadFor();
      const asked: string[] = [];
      const seen = (id: string) => (asked.push(id), true);
      expect(refusal(decide('clear', signedBy('anna', 'clear', payload), { seen }))).toEqual(['replayed', 'anna']);
      expect(asked).toEqual([payload.requestId]);
      const failing = () => {
        throw new Error('boom');
      };
      expect(refusal(decide('clear', signedBy('anna', 'clear', payloadFor()), { seen: failing }))).toEqual([
        'replayed',
        'anna',
      ]);
      // No request id, nothing to ask; no memory, nothing to check.
      expect(
        refusal(decide('authenticate', signedBy('gateway', 'authenticate', { passcode: '123456' }), { seen })),
      ).toEqual(['ok', 'gateway']);
      expect(refusal(decide('clear', signedBy('anna', 'clear', payload), { seen: undefined }))).toEqual(['ok', 'anna']);
    });

    it('out-of-role, including operatorAction by action and messages nobody may send', () => {
      expect(refusal(decide('assign', signedBy('anna', 'assign', payloadFor())))).toEqual(['out-of-role', 'anna']);
      expect(
        refusal(decide('operatorAction', signedBy('anna', 'operatorAction', payloadFor({ action: 'unassign' })))),
      ).toEqual(['out-of-role', 'anna']);
      expect(
        refusal(decide('operatorAction', signedBy('anna', 'operatorAction', payloadFor({ action: 'unlock' })))),
      ).toEqual(['ok', 'anna']);
      expect(
        refusal(decide('operatorAction', signedBy('eva', 'operatorAction', payloadFor({ action: 'unassign' })))),
      ).toEqual(['ok', 'eva']);
      expect(refusal(decide('clear', signedBy('reader', 'clear', payloadFor())))).toEqual(['out-of-role', 'reader']);
      expect(refusal(decide('policyChanged', signedBy('eva', 'policyChanged', payloadFor())))).toEqual([
        'out-of-role',
        'eva',
      ]);
    });

    it('origin-not-allowed: never stronger than the acting role, weaker is fine', () => {
      const send = (who: string, message: string, origin: unknown) =>
        refusal(decide(message, signedBy(who, message, payloadFor({ origin }))))[0];
      expect(send('anna', 'lost', 'operator')).toBe('ok');
      expect(send('anna', 'lost', 'system')).toBe('ok');
      expect(send('anna', 'lost', 'self-service')).toBe('ok');
      expect(send('asset-mgmt', 'reportLost', 'system')).toBe('ok');
      expect(send('asset-mgmt', 'reportLost', 'self-service')).toBe('ok');
      expect(send('asset-mgmt', 'reportLost', 'operator')).toBe('origin-not-allowed');
      expect(send('portal-alice', 'lost', 'self-service')).toBe('ok');
      expect(send('portal-alice', 'lost', 'system')).toBe('origin-not-allowed');
      expect(send('portal-alice', 'lost', 'operator')).toBe('origin-not-allowed');
      expect(send('gateway', 'requestOnDemand', 'self-service')).toBe('ok');
      expect(send('gateway', 'requestOnDemand', 'operator')).toBe('origin-not-allowed');
      for (const junk of ['timer', 'OPERATOR', '', null, 3, ['operator'], { operator: true }]) {
        expect(send('anna', 'lost', junk), JSON.stringify(junk)).toBe('origin-not-allowed');
      }
      // The origin is bounded by the roles that allow this message: system may not send
      // `requestReplacement`, so a system+selfservice principal sends it as self-service only.
      expect(send('mixed', 'requestReplacement', 'system')).toBe('origin-not-allowed');
      expect(send('asset-mgmt', 'lost', 'system')).toBe('ok');
      expect(send('asset-mgmt', 'lost', 'operator')).toBe('origin-not-allowed');
      expect(send('mixed', 'reportLost', 'system')).toBe('ok');
    });

    it('not-this-user: self-service acts for its one user only', () => {
      const lost = (who: string, tokenUser: string | null | undefined) =>
        refusal(decide('lost', signedBy(who, 'lost', payloadFor({ origin: 'self-service' })), { tokenUser }))[0];
      expect(lost('portal-alice', 'alice')).toBe('ok');
      expect(lost('portal-alice', 'bob')).toBe('not-this-user');
      expect(lost('portal-alice', null)).toBe('not-this-user');
      expect(lost('portal-alice', undefined)).toBe('not-this-user');
      expect(lost('portal-nobody', 'alice')).toBe('not-this-user');
      // Another role that allows the message is not bound to the user.
      expect(lost('desk-portal', 'bob')).toBe('ok');
      expect(lost('anna', null)).toBe('ok');
      // A system+selfservice principal asking for a replacement acts through selfservice only.
      expect(
        refusal(
          decide(
            'requestReplacement',
            signedBy('mixed', 'requestReplacement', payloadFor({ origin: 'self-service' })),
            {
              tokenUser: 'bob',
            },
          ),
        )[0],
      ).toBe('not-this-user');
      expect(
        refusal(
          decide('reportLost', signedBy('mixed', 'reportLost', payloadFor({ origin: 'system' })), { tokenUser: 'bob' }),
        )[0],
      ).toBe('ok');
    });
  });

  describe('the order of checks', () => {
    it('takes the first failing check when several fail', () => {
      const stranger = signRequest(
        privateKeyOf('stranger'),
        'stranger',
        WORKFLOW_ID,
        'lost',
        payloadFor(),
        '2020-01-01T00:00:00Z',
      );
      expect(refusal(decide('lost', { ...stranger, extra: 1 }))[0]).toBe('unknown-principal');
      expect(
        refusal(
          decide('assign', { ...signedBy('gone', 'assign', payloadFor(), { at: '2020-01-01T00:00:00Z' }), extra: 1 }),
        )[0],
      ).toBe('revoked');
      expect(
        refusal(
          decide('assign', { ...signedBy('anna', 'assign', payloadFor(), { at: '2020-01-01T00:00:00Z' }), extra: 1 }),
        )[0],
      ).toBe('bad-signature');
      expect(
        refusal(
          decide('assign', signedBy('anna', 'assign', payloadFor(), { at: '2020-01-01T00:00:00Z' }), {
            seen: () => true,
          }),
        )[0],
      ).toBe('stale');
      expect(
        refusal(decide('assign', signedBy('anna', 'assign', payloadFor({ origin: 'timer' })), { seen: () => true }))[0],
      ).toBe('replayed');
      expect(refusal(decide('assign', signedBy('anna', 'assign', payloadFor({ origin: 'timer' }))))[0]).toBe(
        'out-of-role',
      );
      expect(
        refusal(
          decide('lost', signedBy('portal-alice', 'lost', payloadFor({ origin: 'operator' })), { tokenUser: 'bob' }),
        )[0],
      ).toBe('origin-not-allowed');
    });
  });

  describe('never throws', () => {
    const check = (input: AuthorizeInput) => {
      const decision = authorize(input);
      if (decision.ok) {
        expect(decision.principal).toBeTypeOf('object');
      } else {
        expect(REFUSALS).toContain(decision.reason);
        expect(decision.message).toBeTypeOf('string');
        expect(decision.claimed === null || typeof decision.claimed === 'string').toBe(true);
      }
      return decision;
    };

    it('on arbitrary JSON arguments (property)', () => {
      fc.assert(
        fc.property(
          fc.jsonValue(),
          fc.constantFrom('lost', 'assign', 'operatorAction', '__proto__', ''),
          (argument, message) => {
            expect(check({ registry, workflowId: WORKFLOW_ID, message, argument, nowMs: T0 }).ok).toBe(false);
          },
        ),
        { numRuns: 500 },
      );
    });

    it('on arbitrary values, envelopes and registries (property)', () => {
      const envelope = fc.oneof(
        fc.anything(),
        fc.record({
          principal: fc.oneof(fc.constantFrom('anna', 'eva', '__proto__', 'constructor'), fc.string()),
          at: fc.oneof(fc.constant(T0_ISO), fc.string()),
          signature: fc.string(),
        }),
      );
      fc.assert(
        fc.property(
          fc.oneof(
            fc.anything(),
            fc.record({ requestId: fc.anything(), origin: fc.anything(), envelope }),
            fc.dictionary(fc.string(), fc.anything()).map((d) => ({ ...d, envelope: d })),
          ),
          fc.oneof(fc.constant(registry as unknown), fc.constant(Object.fromEntries(registry)), fc.anything()),
          fc.oneof(fc.constant(T0), fc.double()),
          (argument, anyRegistry, nowMs) => {
            check({
              registry: anyRegistry as never,
              workflowId: WORKFLOW_ID,
              message: 'lost',
              argument,
              nowMs,
              seen: () => false,
              tokenUser: 'alice',
            });
          },
        ),
        { numRuns: 500 },
      );
    });

    it('on signed payloads of arbitrary JSON, which then verify (property)', () => {
      fc.assert(
        fc.property(
          fc.dictionary(fc.string(), fc.jsonValue()).filter((d) => !('envelope' in d)),
          (fields) => {
            const argument = JSON.parse(JSON.stringify(signedBy('eva', 'setPolicy', fields)));
            const decision = check({
              registry,
              workflowId: WORKFLOW_ID,
              message: 'setPolicy',
              argument,
              nowMs: T0,
              seen: () => false,
            });
            // Admin sends setPolicy; only a junk origin or a replay-free run can refuse it.
            if (!decision.ok) expect(decision.reason).toBe('origin-not-allowed');
          },
        ),
        { numRuns: 200 },
      );
    });

    it('on hostile objects, huge strings and deep nesting', () => {
      const envelope = signedBy('eva', 'clear', payloadFor()).envelope;
      const throwing = new Proxy(
        {},
        {
          get() {
            throw new Error('get');
          },
          ownKeys() {
            throw new Error('keys');
          },
          getOwnPropertyDescriptor() {
            throw new Error('desc');
          },
          has() {
            throw new Error('has');
          },
        },
      );
      const getter = {
        requestId: 'r',
        get envelope(): never {
          throw new Error('getter');
        },
      };
      let deep: unknown = 'bottom';
      for (let i = 0; i < 100_000; i++) deep = [deep];
      const cases: unknown[] = [
        throwing,
        getter,
        { requestId: 'r', envelope: throwing },
        { requestId: 'r', deep, envelope },
        { requestId: 'x'.repeat(5_000_000), envelope },
        { requestId: 'r', lone: '\ud800', envelope },
        { requestId: 'r', big: 10n, envelope },
        { envelope: { principal: 'eva', at: 'x'.repeat(10_000_000), signature: envelope.signature } },
        JSON.parse(
          `{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"envelope":${JSON.stringify(envelope)}}`,
        ),
      ];
      for (const argument of cases) {
        expect(
          check({ registry, workflowId: WORKFLOW_ID, message: 'clear', argument, nowMs: T0, seen: () => false }).ok,
        ).toBe(false);
      }
      for (const weird of [throwing, null, undefined, 42, 'registry', [], new Map([['eva', throwing]])]) {
        expect(
          check({
            registry: weird as never,
            workflowId: WORKFLOW_ID,
            message: 'clear',
            argument: signedBy('eva', 'clear', payloadFor()),
            nowMs: T0,
          }).ok,
        ).toBe(false);
      }
      expect(
        check({
          registry,
          workflowId: 7 as never,
          message: {} as never,
          argument: signedBy('eva', 'clear', payloadFor()),
          nowMs: T0,
        }).ok,
      ).toBe(false);
      expect(authorize(undefined as never).ok).toBe(false);
      expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    });
  });
});
