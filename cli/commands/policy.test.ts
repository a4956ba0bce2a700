import { describe, expect, it } from 'vitest';
import { ea, testKey, testService } from '../testing/run.js';

describe('ea policy', () => {
  it('show: JSON is the policy; people see the spec keys with durations written out', async () => {
    const service = testService();
    expect((await ea(['policy', 'show', '--json'], { service })).json()).toMatchObject(await service.policy());
    const { stdout } = await ea(['policy', 'show'], { service });
    expect(stdout).toMatch(/^onDemand\.codeLifetime +1h$/m);
    expect(stdout).toMatch(/^permanentlyLost\.lifetime +7d$/m);
    expect(stdout).toMatch(/^lockout\.duration +30m$/m);
    expect(stdout).toMatch(/^tokenCode\.setSize +5$/m);
    expect(stdout).not.toMatch(/Ms\b/);
  });

  it('show: the chance a guesser finds a valid code within one EA, for people and in JSON (issue 16 item 10)', async () => {
    const service = testService();
    const json = (await ea(['policy', 'show', '--json'], { service })).json() as Record<string, unknown>;
    expect(json.guessing).toEqual({
      chance: expect.any(Number),
      oneIn: 8_925_998,
      limit: 1 / 10_000,
      codesValid: 50,
      attempts: 175_210,
      codeSpace: 57 ** 8 - 49 ** 8 - 8 ** 8,
    });
    expect((await ea(['policy', 'show'], { service })).stdout).toMatch(
      /^A guesser finds a valid emergency code within one emergency access with a chance of 1 in 8,925,998 \(at most 1 in 10,000 allowed\)\.$/m,
    );
  });

  it('set: refuses a policy that makes guessing easy, naming the setting to change (exit 2)', async () => {
    const service = testService();
    const refused = await ea(['policy', 'set', 'codeFormat.length=6', 'codeFormat.alphabetic=false', '--json'], {
      service,
    });
    expect(refused.code).toBe(2);
    expect(refused.json()).toMatchObject({ error: { message: expect.stringMatching(/raise codeFormat\.length/) } });
  });

  it('show: a lockout without end reads until-unlocked', async () => {
    const service = testService();
    await service.setPolicy({ 'lockout.duration': 'until-unlocked' }, {});
    expect((await ea(['policy', 'show'], { service })).stdout).toMatch(/^lockout\.duration +until-unlocked$/m);
  });

  it('set: all pairs in one call, then history lists who changed what', async () => {
    const service = testService(undefined, testKey('sec-team'));
    const set = await ea(['policy', 'set', 'tokenCode.setSize=10', 'codeFormat.special=true', '--json'], { service });
    expect(set.code).toBe(0);
    expect(service.calls[0]?.args[0]).toEqual({ 'tokenCode.setSize': '10', 'codeFormat.special': 'true' });
    expect(set.json()).toMatchObject({ version: 2, tokenCode: { setSize: 10 } });
    const history = await ea(['policy', 'history'], { service });
    expect(history.stdout).toMatch(
      /version 2, 2026-03-01T12:00:00.000Z .*, by sec-team:\n {2}tokenCode\.setSize: 5 → 10\n {2}codeFormat\.special: false → true/,
    );
    expect((await ea(['policy', 'history', '--json'], { service })).json()).toHaveLength(1);
  });

  it('set --request-id: a repeat of the same request changes nothing, even after another change', async () => {
    const service = testService();
    const first = await ea(['policy', 'set', 'tokenCode.setSize=10', '--request-id', 'change-42', '--json'], {
      service,
    });
    expect(first.json()).toMatchObject({ version: 2, tokenCode: { setSize: 10 } });
    await ea(['policy', 'set', 'tokenCode.setSize=8'], { service });
    const repeat = await ea(['policy', 'set', 'tokenCode.setSize=10', '--request-id', 'change-42', '--json'], {
      service,
    });
    expect(repeat.code).toBe(0);
    expect(repeat.json()).toMatchObject({ version: 3, tokenCode: { setSize: 8 } });
    expect((await ea(['policy', 'history', '--json'], { service })).json()).toHaveLength(2);
  });

  it('set: a pair without = or a key given twice is a usage error before anything changes', async () => {
    const service = testService();
    expect((await ea(['policy', 'set', 'tokenCode.setSize'], { service })).stderr).toMatch(/is not KEY=VALUE/);
    expect((await ea(['policy', 'set', 'a=1', 'a=2'], { service })).stderr).toMatch(/a is given twice/);
    expect((await ea(['policy', 'set'], { service })).code).toBe(2);
    expect(service.calls).toEqual([]);
  });

  it('history: says so when nothing changed', async () => {
    expect((await ea(['policy', 'history'])).stdout).toMatch(/not been changed/);
  });
});
