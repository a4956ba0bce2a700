// `ea gateway`'s RADIUS front end against a client we did not write (pyrad 2.6.0, which itself
// refuses replies without a valid Message-Authenticator): PIN + temporary code, one-time code, the
// on-demand challenge with State (the code read from the message the user was sent), the PIN sent
// first by a NAS for any user (answered alike for an unknown user and a wrong PIN), BlastRADIUS
// drops, retransmissions, an unknown client, an unknown user; then /metrics counts all of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ATTRIBUTE, CODE } from '../../gateway/radius/packet.js';
import { MESSAGES } from '../../gateway/check.js';
import { codesIn, outboxMailsFor } from '../delivery/received.js';
import { createGatewayEnv, LEGACY_SECRET, REJECT_FLOOR_MS, SECRET, type GatewayEnv } from '../support/gateway-env.js';
import { prometheusSamples, pyrad, type PyradReply, type PyradRequest } from '../support/outside-clients.js';
import { PIN, operator, tokenCode, userWithToken } from '../support/scenario.js';

let env: GatewayEnv;
beforeAll(async () => {
  env = await createGatewayEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const send = (request: Omit<PyradRequest, 'port' | 'secret'> & { secret?: string }) =>
  pyrad({ port: env.gateway.radiusPort, secret: SECRET, nasIdentifier: 'vpn-gw-1', ...request });

/** The one reply, checked as a NAS checks it: authentic, Message-Authenticator first. */
async function answer(request: Parameters<typeof send>[0]) {
  const { replies } = await send(request);
  expect(replies).toHaveLength(1);
  const [reply] = replies;
  expect(reply!.verified).toBe(true);
  expect(reply!.firstAttribute).toBe(ATTRIBUTE.messageAuthenticator);
  return reply!;
}

async function inEmergency(kind: 'temporary-fixed' | 'one-time-set' | 'on-demand', count?: number) {
  const user = await userWithToken(env.product.service, kind === 'on-demand' ? { onDemand: 'email' } : {});
  const delivery = kind === 'on-demand' ? {} : { delivery: 'display' as const };
  const { codes } = await env.product.service.lost(
    user.serial,
    { reason: 'temporarily-unavailable', kind, ...delivery, ...(count ? { count } : {}) },
    operator,
  );
  return { ...user, codes };
}

/**
 * Code, length and attributes: what two answers that must not be told apart share. Left out: the
 * identifier and the two authenticators (which depend on the request), and a State's random bytes.
 */
function packetShape(reply: PyradReply) {
  const bytes = Buffer.from(reply.hex, 'hex');
  const rest = bytes.subarray(38).toString('hex');
  return {
    code: bytes[0],
    length: bytes.readUInt16BE(2),
    first: bytes.subarray(20, 22),
    rest: reply.state ? rest.replace(reply.state, '') : rest,
  };
}

const authRecords = async (serial: string) =>
  (await env.product.service.audit(serial)).filter((r) => r.type.startsWith('auth-'));

describe('RADIUS with pyrad', () => {
  it('accepts PIN + temporary code; the audit names the gateway, the client and the NAS', async () => {
    const { userId, serial, codes } = await inEmergency('temporary-fixed');
    const reply = await answer({ user: userId, password: PIN + codes[0]! });
    expect(reply).toMatchObject({ code: CODE.accessAccept, replyMessage: MESSAGES.accept });
    expect(await authRecords(serial)).toEqual([
      expect.objectContaining({
        type: 'auth-accepted',
        actor: 'gateway',
        via: 'radius client=vpn-1 nas=vpn-gw-1',
        // The by-user attempt: the user's other tokens check it here before they drop a failure.
        detail: { method: 'temporary-fixed', attempt: expect.any(String) },
      }),
    ]);
  });

  it('accepts a one-time code once; a retransmission is answered from the cache, not checked again', async () => {
    const { userId, serial, codes } = await inEmergency('one-time-set', 3);
    const { replies } = await send({ user: userId, password: PIN + codes[0]!, sends: 3 });
    expect(replies.map((r) => r.code)).toEqual([CODE.accessAccept, CODE.accessAccept, CODE.accessAccept]);
    expect(new Set(replies.map((r) => r.hex)).size).toBe(1);
    expect((await authRecords(serial)).map((r) => r.type)).toEqual(['auth-accepted']);
    expect((await env.product.service.status(serial)).unusedCodes).toBe(2);
    // A new request (new authenticator) with the spent code is checked, and rejected.
    expect((await answer({ user: userId, password: PIN + codes[0]! })).code).toBe(CODE.accessReject);
  });

  it('challenges the PIN alone for an on-demand user, with State; the mailed code then logs in', async () => {
    const { userId, serial } = await inEmergency('on-demand');
    const challenge = await answer({ user: userId, password: PIN });
    expect(challenge).toMatchObject({ code: CODE.accessChallenge, replyMessage: MESSAGES.challenge });
    expect(challenge.state).toMatch(/^[0-9a-f]{32}$/);
    await expect
      .poll(
        async () =>
          (await outboxMailsFor(env.product.dataDir, serial)).filter((m) => /on-demand code/.test(m.subject ?? ''))
            .length,
        {
          timeout: 20_000,
        },
      )
      .toBe(1);
    const mail = (await outboxMailsFor(env.product.dataDir, serial)).find((m) =>
      /on-demand code/.test(m.subject ?? ''),
    );
    const [code] = codesIn(mail!.text);
    const accepted = await answer({ user: userId, password: code!, state: challenge.state! });
    expect(accepted).toMatchObject({ code: CODE.accessAccept });
    expect((await authRecords(serial)).at(-1)).toMatchObject({
      type: 'auth-accepted',
      detail: { method: 'on-demand' },
    });
    // The State is spent: the same answer again is a rejection.
    expect((await answer({ user: userId, password: code!, state: challenge.state! })).code).toBe(CODE.accessReject);
  });

  it('challenges the PIN alone of a user not in on-demand access; State + token code logs in, once', async () => {
    const { userId, serial } = await userWithToken(env.product.service);
    // A State is good once: a mistyped code spends it, and the right code after it is turned away.
    const spent = await answer({ user: userId, password: PIN });
    expect(spent).toMatchObject({ code: CODE.accessChallenge, replyMessage: MESSAGES.challenge });
    expect(spent.state).toMatch(/^[0-9a-f]{32}$/);
    expect((await answer({ user: userId, password: '000000', state: spent.state! })).code).toBe(CODE.accessReject);
    expect((await answer({ user: userId, password: tokenCode(), state: spent.state! })).code).toBe(CODE.accessReject);
    const challenge = await answer({ user: userId, password: PIN });
    expect(challenge.code).toBe(CODE.accessChallenge);
    const accepted = await answer({ user: userId, password: tokenCode(), state: challenge.state! });
    expect(accepted).toMatchObject({ code: CODE.accessAccept, replyMessage: MESSAGES.accept });
    expect((await authRecords(serial)).at(-1)).toMatchObject({ type: 'auth-accepted', detail: { method: 'token' } });
  });

  it('challenges an unknown user, a wrong PIN and the right PIN alike; the code then rejects the first two', async () => {
    const { userId } = await userWithToken(env.product.service);
    const right = await answer({ user: userId, password: PIN });
    const wrong = await answer({ user: userId, password: 'Zz0000' });
    const unknown = await answer({ user: 'nobody-at-all', password: PIN });
    // Same packet shape, only the State's random bytes differ; none is answered before the floor.
    for (const reply of [right, wrong, unknown]) {
      expect(reply).toMatchObject({ code: CODE.accessChallenge, replyMessage: MESSAGES.challenge });
      expect(reply.state).toMatch(/^[0-9a-f]{32}$/);
      expect(packetShape(reply)).toEqual(packetShape(right));
      expect(reply.ms).toBeGreaterThanOrEqual(REJECT_FLOOR_MS - 5);
    }
    for (const [user, challenge] of [
      [userId, wrong],
      ['nobody-at-all', unknown],
    ] as const) {
      const reply = await answer({ user, password: tokenCode(), state: challenge.state! });
      expect(reply).toMatchObject({ code: CODE.accessReject, replyMessage: MESSAGES.reject, state: null });
    }
  });

  it('answers an unknown user exactly like a wrong passcode: same packet shape, message and floor', async () => {
    const { userId } = await inEmergency('temporary-fixed');
    const wrong = await answer({ user: userId, password: `${PIN}ZZZZZZZZ` });
    const unknown = await answer({ user: 'nobody-at-all', password: `${PIN}ZZZZZZZZ` });
    for (const reply of [wrong, unknown]) {
      expect(reply).toMatchObject({ code: CODE.accessReject, replyMessage: MESSAGES.reject, state: null });
      expect(reply.ms).toBeGreaterThanOrEqual(REJECT_FLOOR_MS - 5);
    }
    expect(packetShape(unknown)).toEqual(packetShape(wrong));
  });

  it('drops a request signed with the wrong secret, or without Message-Authenticator (BlastRADIUS)', async () => {
    const { userId, serial, codes } = await inEmergency('temporary-fixed');
    const password = PIN + codes[0]!;
    expect((await send({ user: userId, password, secret: 'not-the-shared-secret', timeout: 1 })).replies).toEqual([]);
    expect((await send({ user: userId, password, messageAuthenticator: false, timeout: 1 })).replies).toEqual([]);
    expect(await authRecords(serial)).toEqual([]);
  });

  it('answers a client marked legacy without Message-Authenticator, still putting one first', async () => {
    const { userId, codes } = await inEmergency('temporary-fixed');
    const reply = await answer({
      user: userId,
      password: PIN + codes[0]!,
      secret: LEGACY_SECRET,
      messageAuthenticator: false,
      bind: '127.0.0.3',
    });
    expect(reply.code).toBe(CODE.accessAccept);
    // Legacy only excuses a missing Message-Authenticator: a wrong one is dropped all the same.
    const forged = { user: userId, password: PIN + codes[0]!, secret: 'not-the-legacy-secret', bind: '127.0.0.3' };
    expect((await send({ ...forged, timeout: 1 })).replies).toEqual([]);
  });

  it('drops an unknown client', async () => {
    const { userId, serial, codes } = await inEmergency('temporary-fixed');
    const { replies } = await send({ user: userId, password: PIN + codes[0]!, bind: '127.0.0.2', timeout: 1 });
    expect(replies).toEqual([]);
    expect(await authRecords(serial)).toEqual([]);
  });

  it('counts all of the above in /metrics, which parses as Prometheus text', async () => {
    const text = await (await fetch(`http://127.0.0.1:${env.gateway.httpPort}/metrics`)).text();
    const samples = await prometheusSamples(text);
    const count = (name: string) => samples[name] ?? 0;
    expect(count('ea_gateway_answers_total{frontend=radius,method=temporary-fixed,result=accept}')).toBe(2);
    expect(count('ea_gateway_answers_total{frontend=radius,method=one-time,result=accept}')).toBe(1);
    expect(count('ea_gateway_answers_total{frontend=radius,method=on-demand,result=accept}')).toBe(1);
    expect(count('ea_gateway_answers_total{frontend=radius,method=token,result=accept}')).toBe(1);
    expect(count('ea_gateway_answers_total{frontend=radius,method=none,result=challenge}')).toBe(6);
    expect(count('ea_gateway_answers_total{frontend=radius,method=none,result=reject}')).toBe(8);
    expect(count('ea_gateway_retransmissions_total{}')).toBe(2);
    expect(count('ea_gateway_drops_total{frontend=radius,reason=bad-message-authenticator}')).toBe(2);
    expect(count('ea_gateway_drops_total{frontend=radius,reason=missing-message-authenticator}')).toBe(1);
    expect(count('ea_gateway_drops_total{frontend=radius,reason=unknown-client}')).toBe(1);
    expect(count('ea_gateway_request_seconds_count{frontend=radius,result=accept}')).toBe(5);
  });
});
