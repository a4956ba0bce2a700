import { describe, expect, it } from 'vitest';
import { EaError } from '../../client/ea-service.js';
import { ea, seededService } from '../testing/run.js';

describe('ea auth', () => {
  it('exit 0 and JSON accepted, serial, method, reason for a good passcode (PIN + code)', async () => {
    const service = await seededService();
    const lost = await ea(['lost', 'T2', '--reason', 'temporarily-unavailable', '--json'], { service });
    const [code] = (lost.json() as { codes: string[] }).codes;
    const result = await ea(['auth', 'alice', `1234${code}`, '--json'], { service });
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({ accepted: true, serial: 'T2', method: 'temporary-fixed', reason: 'ok' });
    const human = await ea(['auth', 'alice', `1234${code}`, '--serial', 'T2'], { service });
    expect(human.stdout).toBe('Accepted: the temporary fixed tokencode of token T2.\n');
  });

  it('exit 1 for a wrong passcode, and the same answer for an unknown user', async () => {
    const service = await seededService();
    const wrong = await ea(['auth', 'alice', '000000', '--json'], { service });
    const unknown = await ea(['auth', 'mallory', '000000', '--json'], { service });
    expect([wrong.code, unknown.code]).toEqual([1, 1]);
    expect(wrong.json()).toEqual({ accepted: false, serial: null, method: null, reason: 'rejected' });
    expect(unknown.stdout).toBe(wrong.stdout);
    expect(wrong.stderr).toBe('');
  });

  it('also rejects (never "not found") when the service reports an unknown serial', async () => {
    const service = await seededService();
    service.authenticate = () => Promise.reject(new EaError('not-found', 'unknown token X'));
    const result = await ea(['auth', 'alice', '123456', '--serial', 'X', '--json'], { service });
    expect(result.code).toBe(1);
    expect(result.json()).toEqual({ accepted: false, serial: null, method: null, reason: 'rejected' });
  });

  it('needs a user and a passcode (exit 2)', async () => {
    expect((await ea(['auth', 'alice'])).code).toBe(2);
  });
});
