import { describe, expect, it } from 'vitest';
import { ea, seededService } from '../testing/run.js';

describe('ea ondemand', () => {
  it('requests a code and never prints it', async () => {
    const service = await seededService();
    await ea(['lost', 'T1', '--reason', 'temporarily-unavailable', '--kind', 'on-demand'], { service });
    const json = await ea(['ondemand', 'T1', '--json'], { service });
    expect(json.code).toBe(0);
    expect(json.json()).toEqual({ serial: 'T1', expiresAt: '2026-03-01T13:00:00.000Z', channel: 'sms' });
    const human = await ea(['ondemand', 'T1'], { service });
    expect(human.stdout).toMatch(/was sent by sms; it works once, until 2026-03-01T13:00:00.000Z/);
    // Each code went to alice's phone: an SMS that starts with it.
    const codes = service
      .sent('T1')
      .filter((m) => m.template === 'on-demand-code')
      .map((m) => m.body.split(' ')[0]!);
    expect(codes).toHaveLength(2);
    for (const code of codes) expect(json.stdout + human.stdout).not.toContain(code);
  });

  it('refused outside an on-demand emergency (exit 1)', async () => {
    expect((await ea(['ondemand', 'T1'], { service: await seededService() })).code).toBe(1);
  });
});
