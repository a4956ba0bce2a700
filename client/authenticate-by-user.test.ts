import { beforeEach, describe, expect, it } from 'vitest';
import type { AuthenticatePayload } from '../contract/messages.js';
import type { AuthResult } from '../domain/views.js';
import { AuthenticateByUser, type UserTokenCalls } from './authenticate-by-user.js';
import { EaError } from './ea-service.js';

/** Users and tokens as the workflows would answer, with a log of the calls made. */
class FakeCalls implements UserTokenCalls {
  readonly log: string[] = [];
  readonly serials = new Map<string, string[]>();
  /** serial → owner and the one passcode it accepts. */
  readonly tokens = new Map<string, { owner: string; passcode: string }>();

  async userMemo(userId: string) {
    this.log.push(`read ${userId}`);
    const serials = this.serials.get(userId);
    if (!serials) throw new EaError('not-found', `unknown user ${userId}`);
    return { serials };
  }

  async getUser(): Promise<null> {
    throw new Error('the memo answers');
  }

  async authenticate(serial: string, request: AuthenticatePayload): Promise<AuthResult> {
    this.log.push(`ask ${serial}`);
    const token = this.tokens.get(serial);
    if (!token) throw new EaError('not-found', `unknown token ${serial}`);
    const accepted = (!request.userId || request.userId === token.owner) && request.passcode === token.passcode;
    return { accepted, serial, method: accepted ? 'token' : null, reason: accepted ? 'ok' : 'rejected' };
  }
}

const REJECTED = { accepted: false, serial: null, method: null, reason: 'rejected' };
let calls: FakeCalls;
let byUser: AuthenticateByUser;

beforeEach(() => {
  calls = new FakeCalls();
  calls.serials.set('ann', ['T1', 'T2']);
  calls.tokens.set('T1', { owner: 'ann', passcode: '111' });
  calls.tokens.set('T2', { owner: 'ann', passcode: '222' });
  byUser = new AuthenticateByUser(calls);
});

describe('AuthenticateByUser', () => {
  it('reads the serials the first time, then asks the hinted token before reading', async () => {
    expect(await byUser.authenticate('ann', '222')).toMatchObject({ accepted: true, serial: 'T2' });
    expect(calls.log.splice(0)).toEqual(['read ann', 'ask T1', 'ask T2']);
    expect(await byUser.authenticate('ann', '111')).toMatchObject({ accepted: true, serial: 'T1' });
    expect(calls.log).toEqual(['ask T1']);
  });

  it('does not ask a hinted token twice when the read confirms it, and asks the rest', async () => {
    await byUser.userSerials('ann');
    calls.log.length = 0;
    expect(await byUser.authenticate('ann', '222')).toMatchObject({ accepted: true, serial: 'T2' });
    expect(calls.log).toEqual(['ask T1', 'read ann', 'ask T2']);
  });

  it("goes by the read when the hinted token is no longer the user's", async () => {
    byUser.assigned('ann', 'T1');
    calls.serials.set('ann', ['T2']);
    calls.tokens.set('T1', { owner: 'bob', passcode: '222' });
    expect(await byUser.authenticate('ann', '222')).toMatchObject({ accepted: true, serial: 'T2' });
    expect(calls.log).toEqual(['ask T1', 'read ann', 'ask T2']);
  });

  it('answers an unknown user and an unknown named token like a wrong passcode', async () => {
    expect(await byUser.authenticate('nobody', '111')).toEqual(REJECTED);
    expect(await byUser.authenticate('ann', '999')).toEqual(REJECTED);
    expect(await byUser.authenticate('ann', '111', 'NO-SUCH')).toEqual({ ...REJECTED, serial: 'NO-SUCH' });
  });

  it("gives a single token's own answer", async () => {
    calls.serials.set('ann', ['T1']);
    expect(await byUser.authenticate('ann', '999')).toEqual({
      accepted: false,
      serial: 'T1',
      method: null,
      reason: 'rejected',
    });
  });
});
