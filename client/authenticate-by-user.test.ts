import { beforeEach, describe, expect, it } from 'vitest';
import type { AuthResult, TokenStatus } from '../domain/views.js';
import {
  AuthenticateByUser,
  type AuthenticateRequest,
  type SettleRequest,
  type UserTokenCalls,
} from './authenticate-by-user.js';
import { EaError, type OnDemandSent } from './ea-service.js';

/** Users and tokens as the workflows would answer, with a log of the calls made. */
class FakeCalls implements UserTokenCalls {
  readonly log: string[] = [];
  readonly requests: AuthenticateRequest[] = [];
  readonly serials = new Map<string, string[]>();
  /** serial → owner and the one passcode it accepts; `pin` when it is in on-demand EA. */
  readonly tokens = new Map<string, { owner: string; passcode: string; pin?: string }>();

  async userMemo(userId: string) {
    this.log.push(`read ${userId}`);
    const serials = this.serials.get(userId);
    if (!serials) throw new EaError('not-found', `unknown user ${userId}`);
    return { serials };
  }

  async getUser(): Promise<null> {
    throw new Error('the memo answers');
  }

  async settleAttempt(serial: string, request: SettleRequest): Promise<null> {
    this.log.push(`settle ${serial} ${request.acceptedOn ?? 'none'}`);
    return null;
  }

  async authenticate(serial: string, request: AuthenticateRequest): Promise<AuthResult> {
    this.log.push(`ask ${serial}`);
    this.requests.push(request);
    const token = this.tokens.get(serial);
    if (!token) throw new EaError('not-found', `unknown token ${serial}`);
    const accepted = (!request.userId || request.userId === token.owner) && request.passcode === token.passcode;
    return accepted ? { accepted, serial, method: 'token', reason: 'ok' } : REJECTED;
  }

  async status(serial: string): Promise<TokenStatus> {
    this.log.push(`status ${serial}`);
    const onDemand = this.tokens.get(serial)?.pin !== undefined;
    return { serial, state: onDemand ? 'emergency' : 'active', kind: onDemand ? 'on-demand' : null } as TokenStatus;
  }

  async requestOnDemand(serial: string, pin: string): Promise<OnDemandSent> {
    this.log.push(`code ${serial}`);
    if (this.tokens.get(serial)?.pin !== pin) throw new EaError('refused', 'no on-demand code was sent');
    return { serial, expiresAt: '2026-03-01T13:00:00.000Z', channel: 'email' };
  }
}

const REJECTED: AuthResult = { accepted: false, serial: null, method: null, reason: 'rejected' };
let calls: FakeCalls;
let byUser: AuthenticateByUser;

beforeEach(() => {
  calls = new FakeCalls();
  calls.serials.set('ann', ['T1', 'T2']);
  calls.tokens.set('T1', { owner: 'ann', passcode: '111' });
  calls.tokens.set('T2', { owner: 'ann', passcode: '222' });
  byUser = new AuthenticateByUser(calls, 0);
});

describe('AuthenticateByUser', () => {
  it('reads the serials the first time, then asks the hinted token before reading', async () => {
    expect(await byUser.authenticate('ann', '222')).toMatchObject({ accepted: true, serial: 'T2' });
    expect(calls.log.splice(0)).toEqual(['read ann', 'ask T1', 'ask T2', 'settle T1 T2']);
    expect(await byUser.authenticate('ann', '111')).toMatchObject({ accepted: true, serial: 'T1' });
    expect(calls.log).toEqual(['ask T1']);
  });

  it('does not ask a hinted token twice when the read confirms it, and asks the rest', async () => {
    await byUser.userSerials('ann');
    calls.log.length = 0;
    expect(await byUser.authenticate('ann', '222')).toMatchObject({ accepted: true, serial: 'T2' });
    expect(calls.log).toEqual(['ask T1', 'read ann', 'ask T2', 'settle T1 T2']);
  });

  it('settles the attempt on each token that rejected it: accepted on another, or on none (issue 16 item 8)', async () => {
    calls.serials.set('ann', ['T1', 'T2', 'T3']);
    calls.tokens.set('T3', { owner: 'ann', passcode: '333' });
    await byUser.authenticate('ann', '333');
    expect(calls.log.splice(0)).toEqual(['read ann', 'ask T1', 'ask T2', 'ask T3', 'settle T1 T3', 'settle T2 T3']);
    await byUser.authenticate('ann', '999');
    expect(calls.log.splice(0)).toEqual([
      'ask T1',
      'read ann',
      'ask T2',
      'ask T3',
      'settle T1 none',
      'settle T2 none',
      'settle T3 none',
    ]);
    expect(new Set(calls.requests.slice(-3).map((r) => r.attempt)).size).toBe(1);
    await byUser.authenticate('ann', '999', 'T1');
    expect(calls.log.splice(0)).toEqual(['ask T1']);
  });

  it("goes by the read when the hinted token is no longer the user's", async () => {
    byUser.assigned('ann', 'T1');
    calls.serials.set('ann', ['T2']);
    calls.tokens.set('T1', { owner: 'bob', passcode: '222' });
    expect(await byUser.authenticate('ann', '222')).toMatchObject({ accepted: true, serial: 'T2' });
    expect(calls.log).toEqual(['ask T1', 'read ann', 'ask T2', 'settle T1 T2']);
  });

  it('answers an unknown user and an unknown named token like a wrong passcode', async () => {
    expect(await byUser.authenticate('nobody', '111')).toEqual(REJECTED);
    expect(await byUser.authenticate('ann', '999')).toEqual(REJECTED);
    expect(await byUser.authenticate('ann', '111', 'NO-SUCH')).toEqual(REJECTED);
    calls.serials.set('ann', ['T1']);
    expect(await byUser.authenticate('ann', '999')).toEqual(REJECTED);
  });

  it('answers no rejection sooner than the floor, and an acceptance at once', async () => {
    const floored = new AuthenticateByUser(calls, 200);
    for (const [user, passcode] of [
      ['nobody', '111'],
      ['ann', '999'],
    ]) {
      const started = performance.now();
      expect(await floored.authenticate(user!, passcode!)).toEqual(REJECTED);
      expect(performance.now() - started).toBeGreaterThanOrEqual(195);
    }
    const started = performance.now();
    expect(await floored.authenticate('ann', '111')).toMatchObject({ accepted: true });
    expect(performance.now() - started).toBeLessThan(100);
  });

  it("asks every token with the user's id: a serial in the list that is not the user's counts nothing", async () => {
    calls.serials.set('ann', ['T1', 'STRAY']);
    calls.tokens.set('STRAY', { owner: 'bob', passcode: '333' });
    expect(await byUser.authenticate('ann', '333')).toEqual(REJECTED);
    expect(calls.requests.map((r) => r.userId)).toEqual(['ann', 'ann']);
  });

  it("sends an on-demand code from the user's token in on-demand EA that takes the PIN", async () => {
    calls.tokens.set('T2', { owner: 'ann', passcode: '222', pin: '4711' });
    expect(await byUser.requestOnDemand('ann', '4711')).toMatchObject({ serial: 'T2' });
    expect(calls.log).toEqual(['read ann', 'status T1', 'status T2', 'code T2']);
  });

  it('answers a wrong PIN, a token not in on-demand EA and an unknown user alike: null', async () => {
    calls.tokens.set('T2', { owner: 'ann', passcode: '222', pin: '4711' });
    expect(await byUser.requestOnDemand('ann', '0000')).toBeNull();
    calls.tokens.set('T2', { owner: 'ann', passcode: '222' });
    expect(await byUser.requestOnDemand('ann', '4711')).toBeNull();
    expect(await byUser.requestOnDemand('nobody', '4711')).toBeNull();
  });
});
