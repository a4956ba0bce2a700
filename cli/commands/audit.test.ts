import { describe, expect, it } from 'vitest';
import { ea, seededService, testService } from '../testing/run.js';

describe('ea audit', () => {
  it('SERIAL: JSON lines, one record each, nothing else', async () => {
    const service = await seededService();
    await ea(['disable', 'T1'], { service });
    const result = await ea(['audit', 'T1', '--json'], { service });
    expect(result.code).toBe(0);
    const lines = result.lines();
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatchObject({ serial: 'T1', type: 'disabled', actor: 'tester', outcome: 'ok' });
  });

  it('human: one line per record', async () => {
    const service = await seededService();
    const { stdout } = await ea(['audit', 'T1'], { service });
    expect(stdout).toBe(
      '2026-03-01T12:00:00.000Z (2026-03-01 13:00:00 Europe/Berlin)  T1  token-assigned ok  by tester [operator] oathType=totp algorithm=SHA1 digits=6 tokenExpiresAt=2027-01-01T00:00:00.000Z hasPin=false\n',
    );
  });

  it('--all [--since]: the feed, since a date meaning the start of that day in TZ', async () => {
    const service = await seededService();
    // Two tokens: each assigned, and attached to its user.
    expect((await ea(['audit', '--all', '--json'], { service })).lines()).toHaveLength(4);
    await ea(['audit', '--all', '--since', '2026-03-01'], { service });
    expect(service.calls.filter((c) => c.method === 'auditFeed').map((c) => c.args[0])).toEqual([
      undefined,
      '2026-02-28T23:00:00.000Z',
    ]);
  });

  it('an empty trail prints nothing with --json', async () => {
    const service = testService();
    expect((await ea(['audit', '--all', '--json'], { service })).stdout).toBe('');
    expect((await ea(['audit', '--all'], { service })).stdout).toBe('No audit records.\n');
  });

  it.each([[[]], [['T1', '--all']], [['T1', '--since', '2026-03-01']]])('%j is a usage error', async (argv) => {
    expect((await ea(['audit', ...argv])).code).toBe(2);
  });
});
