import { describe, expect, it } from 'vitest';
import { oathCodeAt } from '../domain/oath.js';
import { HOUR_MS } from '../domain/time.js';
import { EaError } from './ea-service.js';
import { generateKey, publicKeyText } from './keys.js';
import { MemoryEaService } from './memory-ea-service.js';
import { replacementOath } from './replacement-oath.js';

const NOW = Date.parse('2026-03-01T12:00:00.000Z');
const OATH = {
  type: 'totp' as const,
  secretBase32: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
  digits: 6 as const,
  period: 30,
  algorithm: 'SHA1' as const,
  counter: 0,
};
const meta = {};

/** alice (e-mail and SMS, on-demand by SMS) holding T1 with PIN 1234, on a clock the test moves. */
async function aliceWithT1() {
  const clock = { now: NOW };
  const service = new MemoryEaService({ clock: () => clock.now });
  await service.putUser({ id: 'alice', email: 'alice@example.com', mobile: '+4915112345678', onDemand: 'sms' }, meta);
  await service.addToken(
    { serial: 'T1', userId: 'alice', oath: OATH, tokenExpiresAt: '2027-01-01T00:00:00.000Z', pin: '1234' },
    meta,
  );
  return { service, clock };
}

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected a failure'),
    (error: unknown) => error,
  );

describe('MemoryEaService', () => {
  it('runs an incident to the end at once: codes to the preferred contact, failures counted', async () => {
    const { service } = await aliceWithT1();
    const incident = { selection: { serials: ['T1', 'NOPE'] }, reason: 'permanently-lost' as const };
    const status = await service.startIncident(incident, { requestId: 'bag' });
    expect(status).toMatchObject({ id: 'bag', state: 'completed', total: 2, done: 1, failed: 1, delivery: null });
    expect(status.failures).toEqual([{ serial: 'NOPE', reason: expect.stringMatching(/NOPE/) }]);
    expect(service.sent('T1').find((m) => m.template === 'emergency-codes')).toMatchObject({ channel: 'sms' });
    // Again under its id: the same incident, nothing sent twice.
    expect(await service.startIncident(incident, { requestId: 'bag' })).toEqual(status);
    expect(service.sent('T1').filter((m) => m.template === 'emergency-codes')).toHaveLength(1);
    expect(((await failure(service.controlIncident('bag', 'pause'))) as EaError).code).toBe('refused');
    expect(((await failure(service.incidentStatus('other'))) as EaError).code).toBe('not-found');
  });

  it('fires timers lazily at their deadlines, by the injected clock', async () => {
    const { service, clock } = await aliceWithT1();
    await service.lost('T1', { reason: 'temporarily-unavailable', lifetimeMs: HOUR_MS }, meta);
    clock.now = NOW + 2 * HOUR_MS;
    // The list is what visibility would hold by now: the EA ended an hour ago.
    expect((await service.listTokens())[0]).toMatchObject({ serial: 'T1', state: 'active', expiresAt: null });
    const ended = (await service.audit('T1')).find((record) => record.type === 'emergency-ended');
    expect(ended).toMatchObject({ at: '2026-03-01T13:00:00.000Z', actor: 'timer', detail: { cause: 'expired' } });
    // The user was told, by the channel they chose, when it ended.
    expect(service.sent('T1').at(-1)).toMatchObject({
      template: 'emergency-ended',
      channel: 'sms',
      at: '2026-03-01T13:00:00.000Z',
      subject: 'Text message',
    });
  });

  it('answers a refusal with EaError refused, and audits it', async () => {
    const { service } = await aliceWithT1();
    const error = await failure(service.action('T1', 'clear', meta));
    expect(error).toBeInstanceOf(EaError);
    expect(error).toMatchObject({ code: 'refused', message: 'token T1 is not in emergency access (it is active)' });
    expect((await service.audit('T1')).at(-1)).toMatchObject({
      type: 'refused',
      outcome: 'refused',
      detail: { action: 'clear' },
    });
  });

  it('answers input the contract refuses with EaError invalid, with the field errors the domain gives', async () => {
    const { service } = await aliceWithT1();
    expect(await failure(service.setPin('T1', '12', meta))).toMatchObject({
      code: 'invalid',
      message: expect.stringMatching(/^pin: a PIN is 4–8 letters or digits/),
    });
    const policy = await failure(service.setPolicy({ 'tokenCode.setSize': '99' }, meta));
    expect(policy).toMatchObject({
      code: 'invalid',
      fields: [{ field: 'tokenCode.setSize', message: expect.any(String) }],
    });
    expect(await service.policyHistory()).toEqual([]);
  });

  it('answers an unknown serial or user with EaError not-found, worded as the Temporal service words it', async () => {
    const { service } = await aliceWithT1();
    expect(await failure(service.status('NOPE'))).toMatchObject({ code: 'not-found', message: 'unknown token NOPE' });
    const add = service.addToken(
      { serial: 'T9', userId: 'zed', oath: OATH, tokenExpiresAt: '2027-01-01T00:00:00.000Z' },
      meta,
    );
    expect(await failure(add)).toMatchObject({ code: 'not-found', message: 'unknown user zed' });
    expect(await service.authenticate('zed', '123456')).toEqual({
      accepted: false,
      serial: null,
      method: null,
      reason: 'rejected',
    });
  });

  it('refuses a request id it has handled', async () => {
    const { service } = await aliceWithT1();
    await service.action('T1', 'disable', { ...meta, requestId: 'r-1' });
    expect(await failure(service.action('T1', 'enable', { ...meta, requestId: 'r-1' }))).toMatchObject({
      code: 'refused',
      message: 'request r-1 was already handled',
    });
  });

  it('broadcasts a policy change to every token', async () => {
    const { service } = await aliceWithT1();
    expect((await service.status('T1')).replacementEligible).toBe(false);
    await service.setPolicy({ 'expiringToken.replacementWindow': '365d' }, meta);
    // T1 expires in 306 days: under the new window its replacement timer is due at once.
    expect(await service.status('T1')).toMatchObject({ replacementEligible: true });
    expect((await service.listTokens())[0]?.flags).toEqual(['replacement-eligible']);
    expect((await service.auditFeed()).map((record) => record.type)).toEqual([
      'token-assigned',
      'token-attached',
      'policy-changed',
      'replacement-eligible',
      'message-delivered',
    ]);
  });

  it('lets a one-time code in once, and the token’s own code as well', async () => {
    const { service } = await aliceWithT1();
    const { codes } = await service.lost(
      'T1',
      { reason: 'temporarily-unavailable', kind: 'one-time-set', count: 2 },
      meta,
    );
    expect(await service.authenticate('alice', `1234${codes[0]}`)).toEqual({
      accepted: true,
      serial: 'T1',
      method: 'one-time',
      reason: 'ok',
    });
    expect(await service.authenticate('alice', `1234${codes[0]}`)).toMatchObject({
      accepted: false,
      reason: 'rejected',
    });
    expect(await service.status('T1')).toMatchObject({ unusedCodes: 1, failures: 1 });
    // Found by use: the rule for a temporarily unavailable token ends EA.
    expect(await service.authenticate('alice', `1234${oathCodeAt(OATH, NOW)}`)).toMatchObject({
      accepted: true,
      method: 'token',
    });
    expect(await service.status('T1')).toMatchObject({ state: 'active' });
  });

  it('delivers an on-demand code to the outbox, where it can be read and used once', async () => {
    const { service } = await aliceWithT1();
    await service.lost('T1', { reason: 'temporarily-unavailable', kind: 'on-demand' }, meta);
    expect(await service.requestOnDemand('T1', meta)).toEqual({
      serial: 'T1',
      expiresAt: '2026-03-01T13:00:00.000Z',
      channel: 'sms',
    });
    const sms = service.sent('T1').find((message) => message.template === 'on-demand-code');
    expect(sms).toMatchObject({
      to: '+4915112345678',
      subject: 'Text message',
      body: expect.stringMatching(/^\S{8} is your code for token T1\./),
    });
    const code = sms!.body.split(' ')[0];
    expect(await service.authenticate('alice', `1234${code}`, 'T1')).toMatchObject({
      accepted: true,
      method: 'on-demand',
    });
    expect(await service.authenticate('alice', `1234${code}`, 'T1')).toMatchObject({ accepted: false });
    expect((await service.outbox()).map((message) => message.subject)).toEqual(['Text message', 'Text message']);
  });

  it('moves the user’s slot on replace and on unassign, as the Temporal service does', async () => {
    const { service } = await aliceWithT1();
    const replacement = {
      newSerial: 'T2',
      oath: replacementOath(OATH.secretBase32),
      tokenExpiresAt: '2028-01-01T00:00:00.000Z',
    };
    expect(await service.replace('T1', replacement, meta)).toMatchObject({ state: 'retired', replacedBy: 'T2' });
    expect((await service.getUser('alice'))?.serials).toEqual(['T2']);
    await service.action('T2', 'unassign', meta);
    expect((await service.getUser('alice'))?.serials).toEqual([]);
    expect((await service.listTokens()).map((row) => [row.serial, row.state])).toEqual([
      ['T1', 'retired'],
      ['T2', 'retired'],
    ]);
  });

  it('acts as its principal: the actor of what it changes', async () => {
    const service = new MemoryEaService({ clock: () => NOW, key: generateKey('olivia') });
    await service.putUser({ id: 'bob', email: 'bob@example.com' }, meta);
    await service.addToken(
      { serial: 'T9', userId: 'bob', oath: OATH, tokenExpiresAt: '2027-01-01T00:00:00.000Z' },
      meta,
    );
    await service.action('T9', 'disable', meta);
    expect((await service.audit('T9')).map((r) => r.actor)).toContain('olivia');
    expect((await service.audit('T9')).every((r) => r.actor === 'olivia')).toBe(true);
    await service.setPolicy({ 'tokenCode.setSize': '7' }, meta);
    expect((await service.policyHistory()).at(-1)).toMatchObject({ actor: 'olivia' });
  });
});

describe('MemoryEaService: the principal registry', () => {
  const admin = generateKey('eva');
  const registry = async () => {
    const service = new MemoryEaService({ clock: () => NOW, key: admin });
    expect(await service.principals()).toEqual([]);
    return service;
  };

  it('registers the first admin, self-signed, and refuses a second init', async () => {
    const service = await registry();
    expect(await service.initPrincipals(admin)).toEqual({
      name: 'eva',
      publicKey: publicKeyText(admin),
      roles: ['admin'],
      state: 'active',
      addedAt: '2026-03-01T12:00:00.000Z',
    });
    const again = await failure(service.initPrincipals(generateKey('mallory')));
    expect(again).toBeInstanceOf(EaError);
    expect(again).toMatchObject({ code: 'refused', message: expect.stringMatching(/already has an admin/) });
    expect((await service.principals()).map((p) => p.name)).toEqual(['eva']);
  });

  it('adds and revokes as its own key, once that key is a registered admin', async () => {
    const service = await registry();
    const helpdesk = generateKey('hd');
    const add = { name: 'hd', publicKey: publicKeyText(helpdesk), roles: ['helpdesk' as const] };
    expect(await failure(service.addPrincipal(add, meta))).toMatchObject({ code: 'refused' });
    await service.initPrincipals(admin);
    expect(await service.addPrincipal(add, meta)).toMatchObject({ name: 'hd', roles: ['helpdesk'], state: 'active' });
    expect(await service.revokePrincipal('hd', meta)).toMatchObject({
      name: 'hd',
      state: 'revoked',
      revokedAt: '2026-03-01T12:00:00.000Z',
    });
    expect(await failure(service.revokePrincipal('nobody', meta))).toMatchObject({ code: 'invalid' });
    expect(await failure(service.addPrincipal({ ...add, roles: ['selfservice'] }, meta))).toMatchObject({
      code: 'invalid',
    });
    const audit = (await service.auditFeed()).filter((r) => r.serial === 'ea-principals');
    expect(audit.map((r) => [r.type, r.actor])).toEqual([
      ['refused', 'eva'],
      ['principal-added', 'eva'],
      ['principal-added', 'eva'],
      ['principal-revoked', 'eva'],
    ]);
  });
});
