import { describe, expect, it } from 'vitest';
import { ea, seededService } from '../testing/run.js';

describe('operator actions', () => {
  it.each([
    ['unlock', 'Token unlocked.'],
    ['disable', 'Token disabled.'],
    ['enable', 'Token enabled.'],
    ['unassign', 'Token unassigned.'],
  ])('ea %s SERIAL → action %s, then the token', async (action, headline) => {
    const service = await seededService();
    const result = await ea([action, 'T1'], { service });
    expect(result.code).toBe(0);
    expect(service.calls[0]).toEqual({ method: 'action', args: ['T1', action, {}] });
    expect(result.stdout).toMatch(new RegExp(`^${headline}\\nToken T1: `));
  });

  it('JSON is the TokenStatus after the action', async () => {
    const result = await ea(['disable', 'T1', '--json'], { service: await seededService() });
    expect(result.json()).toMatchObject({ serial: 'T1', disabled: true });
  });

  it('unknown serial → exit 2', async () => {
    expect((await ea(['unlock', 'NOPE'], { service: await seededService() })).code).toBe(2);
  });
});

describe('ea pin', () => {
  it('--set PIN and --clear', async () => {
    const service = await seededService();
    expect((await ea(['pin', 'T1', '--set', 'Zx12'], { service })).stdout).toMatch(/^PIN set\./);
    expect((await ea(['pin', 'T1', '--clear', '--json'], { service })).json()).toMatchObject({ hasPin: false });
    expect(service.calls.map((c) => c.args[1])).toEqual(['Zx12', null]);
  });

  it('needs exactly one of --set and --clear, and a valid PIN (exit 2)', async () => {
    expect((await ea(['pin', 'T1'])).stderr).toMatch(/give --set PIN or --clear/);
    expect((await ea(['pin', 'T1', '--set', '1234', '--clear'])).code).toBe(2);
    expect((await ea(['pin', 'T1', '--set', '12'])).stderr).toMatch(/4–8 letters or digits/);
  });
});
