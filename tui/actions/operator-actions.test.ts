import type { Client } from '@temporalio/client';
import { beforeEach, describe, expect, it } from 'vitest';
import { UNKNOWN_ACCESS, type Access } from '../state/access.js';
import { createForm, formReducer, formValues } from '../state/form.js';
import { MemoryEaService } from '../../client/memory-ea-service.js';
import type { Signer } from '../../client/signer.js';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import type { JsonObject } from '../../trust/envelope.js';
import type { Role } from '../../trust/roles.js';
import { TEST_NOW } from '../testing/render.js';
import { seedTokens } from '../testing/seed.js';
import { ACTIONS, actionSpec, availableActions, grantedActions, type ActionId } from './operator-actions.js';
import { generateWorkerKeyRing } from '../../worker/codec/worker-key.js';

let service: MemoryEaService;
beforeEach(async () => {
  service = new MemoryEaService({ clock: () => TEST_NOW });
  await seedTokens(service, 10, TEST_NOW);
});

async function perform(id: ActionId, serial: string, values: Record<string, string> = {}) {
  const status = await service.status(serial);
  return actionSpec(id).perform({ service, status, values, meta: {} });
}

describe('operator actions', () => {
  it('offer what applies to the state', async () => {
    expect(availableActions(await service.status('T00001'), UNKNOWN_ACCESS)).toEqual([
      'lost',
      'disable',
      'unassign',
      'set-pin',
      'clear-pin',
      'replace',
    ]);
    expect(availableActions(await service.status('T00010'), UNKNOWN_ACCESS)).toEqual([
      'regenerate',
      'found',
      'clear',
      'extend',
      'disable',
      'unassign',
      'set-pin',
      'clear-pin',
      'replace',
    ]);
  });

  it('mark lost passes the form through and returns the codes', async () => {
    const outcome = await perform('lost', 'T00001', {
      reason: 'permanently-lost',
      kind: 'one-time-set',
      count: '4',
      lifetime: '36h',
      ifFound: 'deny',
      delivery: 'display',
    });
    expect(outcome.codes).toHaveLength(4);
    expect(await service.status('T00001')).toMatchObject({
      state: 'emergency',
      reason: 'permanently-lost',
      rule: 'deny',
      expiresAt: new Date(TEST_NOW + 36 * 3_600_000).toISOString(),
    });
  });

  it('mark lost leaves blank fields to the policy, and delivered codes are not shown', async () => {
    const outcome = await perform('lost', 'T00001', {
      reason: 'temporarily-unavailable',
      kind: '',
      lifetime: '',
      ifFound: '',
      delivery: 'email',
    });
    expect(outcome.codes).toEqual([]);
    expect(outcome.message).toContain('codes sent by email');
    expect(await service.status('T00001')).toMatchObject({ kind: 'temporary-fixed', rule: 'allow-and-end-emergency' });
    const codeMessages = (await service.outbox()).filter((m) => m.subject === 'Your emergency codes for token T00001');
    expect(codeMessages).toMatchObject([{ channel: 'email', to: 'user00001@example.com' }]);
  });

  it('the lost form asks for a set size only for one-time sets', () => {
    const form = createForm(actionSpec('lost').fields({} as never));
    expect(Object.keys(formValues(form))).not.toContain('count');
    const set = formReducer(formReducer(formReducer(form, { type: 'move', delta: 1 }), { type: 'cycle', delta: 2 }), {
      type: 'move',
      delta: 1,
    });
    expect(set.values.kind).toBe('one-time-set');
    expect(formReducer(set, { type: 'type', text: '51' }).errors.count).toContain('from 1 to 50');
  });

  it('regenerate issues new codes and keeps the end', async () => {
    const before = await service.status('T00010');
    const outcome = await perform('regenerate', 'T00010', { count: '2', delivery: 'display' });
    expect(outcome.codes).toHaveLength(2);
    expect((await service.status('T00010')).expiresAt).toBe(before.expiresAt);
  });

  it('extend takes a duration or a date', async () => {
    await perform('extend', 'T00010', { until: '3d' });
    expect((await service.status('T00010')).expiresAt).toBe(new Date(TEST_NOW + 3 * 86_400_000).toISOString());
    await perform('extend', 'T00010', { until: '2026-03-20T08:00Z' });
    expect((await service.status('T00010')).expiresAt).toBe('2026-03-20T08:00:00.000Z');
  });

  it('found, clear, disable, enable, unassign go through service.action', async () => {
    await perform('found', 'T00010');
    expect((await service.status('T00010')).state).toBe('active');
    await perform('disable', 'T00001');
    expect(availableActions(await service.status('T00001'), UNKNOWN_ACCESS)).toContain('enable');
    await perform('enable', 'T00001');
    await perform('unassign', 'T00001');
    expect((await service.status('T00001')).state).toBe('retired');
  });

  it('sets and clears a PIN, refusing a bad one before calling the service', async () => {
    await perform('clear-pin', 'T00002');
    expect((await service.status('T00002')).hasPin).toBe(false);
    await perform('set-pin', 'T00002', { pin: 'ab12' });
    expect((await service.status('T00002')).hasPin).toBe(true);
    await expect(perform('set-pin', 'T00002', { pin: 'x' })).rejects.toThrow('a PIN is 4–8 letters or digits');
  });

  it('assigns a replacement and retires the old token', async () => {
    const outcome = await perform('replace', 'T00003', {
      newSerial: 'T90000',
      seed: 'jbsw y3dp ehpk 3pxp',
      expires: '2028-12-31T00:00Z',
    });
    expect(outcome.message).toBe('T00003: replaced by T90000 (now retired)');
    expect(await service.status('T90000')).toMatchObject({
      state: 'active',
      user: 'user00001',
      tokenExpiresAt: '2028-12-31T00:00:00.000Z',
    });
  });

  it('sends an on-demand code without showing it', async () => {
    await perform('lost', 'T00004', { reason: 'temporarily-unavailable', kind: 'on-demand', delivery: 'display' });
    expect(availableActions(await service.status('T00004'), UNKNOWN_ACCESS)).toContain('on-demand');
    const outcome = await perform('on-demand', 'T00004');
    expect(outcome).toEqual({ message: expect.stringContaining('code sent by sms'), codes: [] });
  });
});

const active = (...roles: Role[]): Access => ({ kind: 'active', roles });

describe('operator actions: what the roles allow', () => {
  const ALL = ACTIONS.map((a) => a.id);

  it('grants an admin every action, and nothing is withheld while the registry is unread', () => {
    expect(grantedActions(active('admin'))).toEqual(ALL);
    expect(grantedActions(active('auditor', 'admin'))).toEqual(ALL);
    expect(grantedActions(UNKNOWN_ACCESS)).toEqual(ALL);
  });

  it('grants helpdesk all but unassign and the replacement token (admin only)', () => {
    expect(grantedActions(active('helpdesk'))).toEqual(ALL.filter((id) => id !== 'unassign' && id !== 'replace'));
  });

  it('grants an auditor, a revoked or an unregistered principal nothing', () => {
    for (const access of [
      active('auditor'),
      active(),
      { kind: 'revoked', roles: ['admin'] },
      { kind: 'unregistered' },
    ] satisfies Access[])
      expect(grantedActions(access)).toEqual([]);
  });

  it('grants roles acting under another origin none of these operator actions', () => {
    // The dashboard sends as the operator: selfservice, system and authenticator may not.
    expect(grantedActions(active('selfservice', 'system', 'authenticator'))).toEqual([]);
  });

  it('offers what applies and what the roles allow', async () => {
    expect(availableActions(await service.status('T00001'), active('helpdesk'))).toEqual([
      'lost',
      'disable',
      'set-pin',
      'clear-pin',
    ]);
    expect(availableActions(await service.status('T00001'), active('auditor'))).toEqual([]);
  });

  /** A TemporalEaService over a client that answers every call with `answer`, recording what it signs. */
  function recordingService(answer: object) {
    const signed: { message: string; payload: JsonObject }[] = [];
    const signer: Signer = {
      principal: 'admin',
      sign: (_workflowId, message, payload) => {
        signed.push({ message, payload });
        return { ...payload, envelope: { principal: 'admin', at: '', signature: '' } };
      },
      openCodes: () => [],
    };
    const handle = {
      executeUpdate: async () => answer,
      signal: async () => undefined,
      query: async () => answer,
    };
    const client = {
      connection: { withDeadline: (_deadline: number, fn: () => Promise<unknown>) => fn() },
      workflow: { getHandle: () => handle, executeUpdateWithStart: async () => answer },
    } as unknown as Client;
    return {
      service: new TemporalEaService(client, '/nonexistent', signer, () => generateWorkerKeyRing().current.publicKey),
      signed,
    };
  }

  const VALUES: Partial<Record<ActionId, Record<string, string>>> = {
    lost: { reason: 'permanently-lost', delivery: 'display' },
    regenerate: { delivery: 'display' },
    extend: { until: '3d' },
    'set-pin': { pin: 'ab12' },
    replace: { newSerial: 'T90000', seed: 'JBSWY3DPEHPK3PXP', expires: '2028-12-31' },
  };

  for (const spec of ACTIONS) {
    it(`${spec.id}: declares the messages the service really signs`, async () => {
      const status = await service.status('T00010');
      // One answer for every call: as a user record (replace reads the user first) it holds no serials.
      const answer = { ...status, sealedCodes: null, kind: 'one-time-set', channel: 'sms', serials: [] };
      const recording = recordingService(answer);
      await spec.perform({ service: recording.service, status, values: VALUES[spec.id] ?? {}, meta: {} });
      expect(recording.signed.map((s) => s.message)).toEqual(spec.sends.map((s) => s.message));
      spec.sends.forEach((send, i) => expect(recording.signed[i]?.payload).toMatchObject(send.payload ?? {}));
    });
  }
});
