// `ea gateway`'s HTTP API with fetch: the same flows as RADIUS (PIN + temporary code, one-time
// code, the on-demand challenge with the mailed code, the PIN first for any user), bearer tokens, an unknown user answered like
// a wrong passcode, the OpenAPI document validated by a validator we did not write, and /metrics.
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MESSAGES } from '../../gateway/check.js';
import { DEFAULT_THROTTLE, delayAfter } from '../../gateway/throttle.js';
import { codesIn, outboxMailsFor } from '../delivery/received.js';
import { createGatewayEnv, REJECT_FLOOR_MS, TOKEN, type GatewayEnv } from '../support/gateway-env.js';
import { prometheusSamples } from '../support/outside-clients.js';
import { PIN, operator, tokenCode, userWithToken } from '../support/scenario.js';

let env: GatewayEnv;
beforeAll(async () => {
  env = await createGatewayEnv();
});
afterAll(async () => {
  await env?.teardown();
});

const url = (path: string) => `http://127.0.0.1:${env.gateway.httpPort}${path}`;

async function check(body: unknown, token: string | null = TOKEN) {
  const started = performance.now();
  const response = await fetch(url('/validate/check'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  return {
    status: response.status,
    body: (await response.json()) as Record<string, unknown>,
    ms: performance.now() - started,
  };
}

async function inEmergency(kind: 'temporary-fixed' | 'one-time-set' | 'on-demand') {
  const user = await userWithToken(env.product.service, kind === 'on-demand' ? { onDemand: 'email' } : {});
  const delivery = kind === 'on-demand' ? {} : { delivery: 'display' as const };
  const { codes } = await env.product.service.lost(
    user.serial,
    { reason: 'temporarily-unavailable', kind, ...delivery },
    operator,
  );
  return { ...user, codes };
}

describe('HTTP /validate/check', () => {
  it('accepts PIN + temporary code and a one-time code once; the audit names the caller', async () => {
    const tft = await inEmergency('temporary-fixed');
    expect(await check({ user: tft.userId, pass: PIN + tft.codes[0]! })).toMatchObject({
      status: 200,
      body: { result: 'ACCEPT', message: MESSAGES.accept },
    });
    expect((await env.product.service.audit(tft.serial)).at(-1)).toMatchObject({
      type: 'auth-accepted',
      actor: 'gateway',
      via: 'http caller=default',
    });
    const set = await inEmergency('one-time-set');
    expect((await check({ user: set.userId, pass: PIN + set.codes[0]! })).body.result).toBe('ACCEPT');
    expect((await check({ user: set.userId, pass: PIN + set.codes[0]! })).body.result).toBe('REJECT');
  });

  it('challenges the PIN alone for an on-demand user; the mailed code and the state log in', async () => {
    const { userId, serial } = await inEmergency('on-demand');
    const challenge = await check({ user: userId, pass: PIN });
    expect(challenge.body).toEqual({
      result: 'CHALLENGE',
      message: MESSAGES.challenge,
      state: expect.stringMatching(/^[0-9a-f]{32}$/),
    });
    const mailed = async () =>
      (await outboxMailsFor(env.product.dataDir, serial)).filter((m) => /on-demand code/.test(m.subject ?? ''));
    await expect.poll(async () => (await mailed()).length, { timeout: 20_000 }).toBe(1);
    const [code] = codesIn((await mailed())[0]!.text);
    expect((await check({ user: userId, pass: code, state: challenge.body.state })).body.result).toBe('ACCEPT');
  });

  it('challenges the PIN alone of any user alike; the state and the token code log in only the right PIN, once', async () => {
    const { userId } = await userWithToken(env.product.service);
    const right = await check({ user: userId, pass: PIN });
    const wrong = await check({ user: userId, pass: 'Zz0000' });
    const unknown = await check({ user: 'nobody-at-all', pass: PIN });
    for (const answer of [right, wrong, unknown]) {
      expect(answer.body).toEqual({
        result: 'CHALLENGE',
        message: MESSAGES.challenge,
        state: expect.stringMatching(/^[0-9a-f]{32}$/),
      });
      expect(answer.ms).toBeGreaterThanOrEqual(REJECT_FLOOR_MS - 5);
    }
    const code = tokenCode();
    expect((await check({ user: userId, pass: code, state: wrong.body.state })).body.result).toBe('REJECT');
    expect((await check({ user: 'nobody-at-all', pass: code, state: unknown.body.state })).body.result).toBe('REJECT');
    expect((await check({ user: userId, pass: code, state: right.body.state })).body).toMatchObject({
      result: 'ACCEPT',
      message: MESSAGES.accept,
    });
    // The state is spent.
    expect((await check({ user: userId, pass: code, state: right.body.state })).body.result).toBe('REJECT');
  });

  it('does not let a challenge, which anyone gets, clear the failures that slow a guesser', async () => {
    const { userId } = await userWithToken(env.product.service);
    for (let i = 0; i < DEFAULT_THROTTLE.freeFailures; i++)
      expect((await check({ user: userId, pass: `${PIN}000000` })).body.result).toBe('REJECT');
    expect((await check({ user: userId, pass: PIN })).body.result).toBe('CHALLENGE');
    const next = await check({ user: userId, pass: `${PIN}000000` });
    expect(next.body.result).toBe('REJECT');
    expect(next.ms).toBeGreaterThanOrEqual(delayAfter(DEFAULT_THROTTLE.freeFailures + 1, DEFAULT_THROTTLE));
  });

  it('answers an unknown user exactly like a wrong passcode', async () => {
    const { userId } = await inEmergency('temporary-fixed');
    const wrong = await check({ user: userId, pass: `${PIN}ZZZZZZZZ` });
    const unknown = await check({ user: 'nobody-at-all', pass: `${PIN}ZZZZZZZZ` });
    expect(unknown.body).toEqual(wrong.body);
    expect(wrong.body).toEqual({ result: 'REJECT', message: MESSAGES.reject });
    for (const answer of [wrong, unknown]) expect(answer.ms).toBeGreaterThanOrEqual(REJECT_FLOOR_MS - 5);
  });

  it('refuses a caller without a known bearer token (401) and a body it cannot read (400)', async () => {
    const none = await check({ user: 'a', pass: 'b' }, null);
    expect(none.status).toBe(401);
    expect((await check({ user: 'a', pass: 'b' }, 'not-the-token-of-anyone-we-know-at-all')).status).toBe(401);
    expect((await check({ user: 'a' })).status).toBe(400);
    expect((await check({ user: 'a', pass: 'b', state: 'not-hex' })).status).toBe(400);
  });
});

describe('the other endpoints', () => {
  it('answers /healthz', async () => {
    const response = await fetch(url('/healthz'));
    expect([response.status, await response.json()]).toEqual([200, { status: 'ok' }]);
  });

  it('serves an OpenAPI document that validates', async () => {
    const document = (await (await fetch(url('/openapi.json'))).json()) as Record<string, unknown>;
    const result = await new Validator().validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    // The validator does refuse what is wrong: an info without title and version.
    const broken = { ...document, info: {} };
    expect((await new Validator().validate(broken)).valid).toBe(false);
  });

  it('counts what the tests did in /metrics, which parses as Prometheus text', async () => {
    const samples = await prometheusSamples(await (await fetch(url('/metrics'))).text());
    const count = (name: string) => samples[name] ?? 0;
    expect(count('ea_gateway_answers_total{frontend=http,method=temporary-fixed,result=accept}')).toBe(1);
    expect(count('ea_gateway_answers_total{frontend=http,method=one-time,result=accept}')).toBe(1);
    expect(count('ea_gateway_answers_total{frontend=http,method=on-demand,result=accept}')).toBe(1);
    expect(count('ea_gateway_answers_total{frontend=http,method=token,result=accept}')).toBe(1);
    expect(count('ea_gateway_answers_total{frontend=http,method=none,result=challenge}')).toBe(5);
    expect(count('ea_gateway_answers_total{frontend=http,method=none,result=reject}')).toBe(10);
    expect(count('ea_gateway_drops_total{frontend=http,reason=unauthorized}')).toBe(2);
    expect(count('ea_gateway_drops_total{frontend=http,reason=malformed}')).toBe(2);
  });
});
