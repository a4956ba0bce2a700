import { describe, expect, it } from 'vitest';
import { ea, seededService } from '../testing/run.js';

describe('ea found / ea clear', () => {
  it.each(['found', 'clear'])('%s ends emergency access', async (command) => {
    const service = await seededService();
    await ea(['lost', 'T1', '--reason', 'temporarily-unavailable'], { service });
    const result = await ea([command, 'T1', '--json'], { service });
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ serial: 'T1', state: 'active', reason: null, expiresAt: null });
    expect(service.calls.at(-1)).toEqual({ method: 'action', args: ['T1', command, {}] });
  });

  it('refused when the token is not in emergency access (exit 1)', async () => {
    const result = await ea(['found', 'T1', '--json'], { service: await seededService() });
    expect(result.code).toBe(1);
    expect(result.json()).toMatchObject({ error: { code: 'refused' } });
  });
});
