import { describe, expect, it } from 'vitest';
import { EaError, type OnDemandSent } from '../client/ea-service.js';
import type { AuthResult } from '../domain/views.js';
import { ChallengeTable } from './challenges.js';
import { BackendUnavailable, Checker, MESSAGES, REJECT, type CheckBackend } from './check.js';

/** ann: PIN 4711, code 123456 (token) or, in on-demand EA, a code 99887766 once one was sent. */
class Backend implements CheckBackend {
  readonly calls: string[] = [];
  sent = false;
  /** Whether ann's token is in on-demand EA. */
  onDemand = true;
  failWith: Error | null = null;

  async authenticate(userId: string, passcode: string, _serial?: string, via?: string): Promise<AuthResult> {
    this.calls.push(`auth ${userId} ${passcode} ${via}`);
    if (this.failWith) throw this.failWith;
    const method =
      userId !== 'ann'
        ? null
        : passcode === '4711123456'
          ? 'token'
          : this.sent && passcode === '471199887766'
            ? 'on-demand'
            : null;
    return { accepted: method !== null, serial: 'T1', method, reason: method ? 'ok' : 'rejected' };
  }

  async requestOnDemandByUser(userId: string, pin: string): Promise<OnDemandSent | null> {
    this.calls.push(`code ${userId} ${pin}`);
    if (userId !== 'ann' || pin !== '4711' || !this.onDemand) return null;
    this.sent = true;
    return { serial: 'T1', channel: 'sms', expiresAt: new Date(Date.now() + 60_000).toISOString() };
  }
}

const setUp = () => {
  const backend = new Backend();
  return { backend, checker: new Checker(backend, new ChallengeTable()) };
};
const via = 'radius client=vpn nas=gw1';
const client = 'radius vpn';
const request = (user: string, pass: string, state?: string) => ({
  user,
  pass,
  via,
  client,
  ...(state === undefined ? {} : { state }),
});
const CHALLENGE = { result: 'CHALLENGE', message: MESSAGES.challenge, state: expect.stringMatching(/^[0-9a-f]{32}$/) };

describe('Checker', () => {
  it('accepts PIN + code at once, naming the front end to the service', async () => {
    const { backend, checker } = setUp();
    expect(await checker.check(request('ann', '4711123456'))).toEqual({
      result: 'ACCEPT',
      message: MESSAGES.accept,
      method: 'token',
    });
    expect(backend.calls).toEqual([`auth ann 4711123456 ${via}`]);
  });

  it('challenges the PIN alone of an on-demand user, then accepts the code with the State, once', async () => {
    const { backend, checker } = setUp();
    const challenge = await checker.check(request('ann', '4711'));
    expect(challenge).toEqual(CHALLENGE);
    expect(backend.sent).toBe(true);
    expect(await checker.check(request('ann', '99887766', challenge.state))).toMatchObject({
      result: 'ACCEPT',
      method: 'on-demand',
    });
    expect(await checker.check(request('ann', '99887766', challenge.state))).toEqual(REJECT);
  });

  it('challenges the PIN alone when no code was sent (a NAS that sends the PIN first): PIN + code then log in', async () => {
    const { backend, checker } = setUp();
    backend.onDemand = false;
    const challenge = await checker.check(request('ann', '4711'));
    expect(challenge).toEqual(CHALLENGE);
    expect(backend.sent).toBe(false);
    expect(await checker.check(request('ann', '123456', challenge.state))).toMatchObject({
      result: 'ACCEPT',
      method: 'token',
    });
    expect(backend.calls.at(-1)).toBe(`auth ann 4711123456 ${via}`);
  });

  it('challenges an unknown user, a wrong PIN and nothing at all like a right PIN; the code then rejects them', async () => {
    const { checker } = setUp();
    const unknown = await checker.check(request('nobody', '4711'));
    const wrongPin = await checker.check(request('ann', '0000'));
    const empty = await checker.check(request('ann', ''));
    for (const answer of [unknown, wrongPin, empty]) expect(answer).toEqual(CHALLENGE);
    expect(await checker.check(request('nobody', '123456', unknown.state))).toEqual(REJECT);
    expect(await checker.check(request('ann', '123456', wrongPin.state))).toEqual(REJECT);
    expect(await checker.check(request('ann', '123456', empty.state))).toEqual(REJECT);
  });

  it('answers an unknown user, a wrong passcode and a State of another user with one REJECT', async () => {
    const { checker } = setUp();
    expect(await checker.check(request('nobody', '4711123456'))).toEqual(REJECT);
    expect(await checker.check(request('ann', '4711000000'))).toEqual(REJECT);
    const { state } = await checker.check(request('ann', '4711'));
    expect(await checker.check(request('bob', '99887766', state))).toEqual(REJECT);
    expect(await checker.check(request('ann', '99887766', 'f'.repeat(32)))).toEqual(REJECT);
  });

  it('takes input the service refuses as a REJECT, and an unreachable service as unavailable', async () => {
    const { backend, checker } = setUp();
    const { state } = await checker.check(request('ann', '4711'));
    backend.failWith = new EaError('invalid', 'passcode too long');
    expect(await checker.check(request('ann', 'x'.repeat(80)))).toEqual(REJECT);
    expect(await checker.check(request('ann', 'x'.repeat(80), state))).toEqual(REJECT);
    backend.failWith = new EaError('unavailable', 'no worker answered');
    await expect(checker.check(request('ann', '4711123456'))).rejects.toBeInstanceOf(BackendUnavailable);
  });
});
