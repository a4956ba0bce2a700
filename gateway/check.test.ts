import { describe, expect, it } from 'vitest';
import { EaError, type OnDemandSent } from '../client/ea-service.js';
import type { AuthResult } from '../domain/views.js';
import { ChallengeTable } from './challenges.js';
import { BackendUnavailable, Checker, MESSAGES, REJECT, type CheckBackend } from './check.js';

/** ann: PIN 4711, code 123456 (token) or an on-demand code 99887766 once one was sent. */
class Backend implements CheckBackend {
  readonly calls: string[] = [];
  sent = false;
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
    if (userId !== 'ann' || pin !== '4711') return null;
    this.sent = true;
    return { serial: 'T1', channel: 'sms', expiresAt: new Date(Date.now() + 60_000).toISOString() };
  }
}

const setUp = () => {
  const backend = new Backend();
  return { backend, checker: new Checker(backend, new ChallengeTable()) };
};
const via = 'radius client=vpn nas=gw1';

describe('Checker', () => {
  it('accepts PIN + code at once, naming the front end to the service', async () => {
    const { backend, checker } = setUp();
    expect(await checker.check({ user: 'ann', pass: '4711123456', via })).toEqual({
      result: 'ACCEPT',
      message: MESSAGES.accept,
      method: 'token',
    });
    expect(backend.calls).toEqual([`auth ann 4711123456 ${via}`]);
  });

  it('challenges for the PIN alone, then accepts the code with the State, once', async () => {
    const { checker } = setUp();
    const challenge = await checker.check({ user: 'ann', pass: '4711', via });
    expect(challenge).toMatchObject({ result: 'CHALLENGE', message: MESSAGES.challenge('sms') });
    expect(challenge.state).toMatch(/^[0-9a-f]{32}$/);
    expect(await checker.check({ user: 'ann', pass: '99887766', state: challenge.state!, via })).toMatchObject({
      result: 'ACCEPT',
      method: 'on-demand',
    });
    expect(await checker.check({ user: 'ann', pass: '99887766', state: challenge.state!, via })).toEqual(REJECT);
  });

  it('answers an unknown user, a wrong PIN, a wrong code and a State of another user with one REJECT', async () => {
    const { checker } = setUp();
    expect(await checker.check({ user: 'nobody', pass: '4711123456', via })).toEqual(REJECT);
    expect(await checker.check({ user: 'ann', pass: '0000', via })).toEqual(REJECT);
    expect(await checker.check({ user: 'ann', pass: '4711000000', via })).toEqual(REJECT);
    const { state } = await checker.check({ user: 'ann', pass: '4711', via });
    expect(await checker.check({ user: 'bob', pass: '99887766', state: state!, via })).toEqual(REJECT);
    expect(await checker.check({ user: 'ann', pass: '99887766', state: 'f'.repeat(32), via })).toEqual(REJECT);
  });

  it('takes input the service refuses as a REJECT, and an unreachable service as unavailable', async () => {
    const { backend, checker } = setUp();
    backend.failWith = new EaError('invalid', 'passcode too long');
    expect(await checker.check({ user: 'ann', pass: 'x'.repeat(80), via })).toEqual(REJECT);
    backend.failWith = new EaError('unavailable', 'no worker answered');
    await expect(checker.check({ user: 'ann', pass: '4711123456', via })).rejects.toBeInstanceOf(BackendUnavailable);
  });
});
