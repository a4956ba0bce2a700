// Issue #16 item 20 (spec §8): a secret given as `-` is read from standard input, one line per `-`
// in the order the command lists them, so neither shell history nor `ps` holds it.
import { describe, expect, it } from 'vitest';
import { ea, seededService } from './testing/run.js';

const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';

describe('`-` reads a secret from standard input', () => {
  it('ea auth USER -', async () => {
    const service = await seededService();
    const lost = await ea(['lost', 'T2', '--reason', 'temporarily-unavailable', '--json'], { service });
    const [code] = (lost.json() as { codes: string[] }).codes;
    const result = await ea(['auth', 'alice', '-', '--json'], { service, stdin: `1234${code}\n` });
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ accepted: true, serial: 'T2' });
  });

  it('ea pin SERIAL --set -', async () => {
    const service = await seededService();
    const result = await ea(['pin', 'T1', '--set', '-'], { service, stdin: '4321\n' });
    expect(result.code).toBe(0);
    expect(service.calls[0]).toEqual({ method: 'setPin', args: ['T1', '4321', {}] });
  });

  it('ea token add … --seed - --pin -: the seed on the first line, the PIN on the second', async () => {
    const service = await seededService();
    const argv = ['token', 'add', 'T9', '--user', 'alice', '--seed', '-', '--expires', '2027-06-30', '--pin', '-'];
    const result = await ea(argv, { service, stdin: `${SEED.toLowerCase()}\r\n5678\n` });
    expect(result.code).toBe(0);
    expect(service.calls[0]?.args[0]).toMatchObject({ oath: { secretBase32: SEED }, pin: '5678' });
  });

  it('ea replace SERIAL --with NEW --seed -', async () => {
    const service = await seededService();
    const argv = ['replace', 'T1', '--with', 'T9', '--seed', '-', '--expires', '2027-06-30'];
    const result = await ea(argv, { service, stdin: `${SEED}\n` });
    expect(result.code).toBe(0);
    expect(JSON.stringify(service.calls[0]?.args)).toContain(SEED);
  });

  it('a secret from standard input is checked like one on the command line; a missing line is bad usage', async () => {
    const service = await seededService();
    const bad = await ea(['pin', 'T1', '--set', '-', '--json'], { service, stdin: 'x\n' });
    expect(bad.code).toBe(2);
    expect(bad.json()).toEqual({ error: { code: 'invalid', message: '--set: a PIN is 4–8 letters or digits' } });
    const missing = await ea(
      ['token', 'add', 'T9', '--user', 'alice', '--seed', '-', '--expires', '2027-06-30', '--pin', '-', '--json'],
      {
        service,
        stdin: `${SEED}\n`,
      },
    );
    expect(missing.code).toBe(2);
    expect(missing.json()).toEqual({
      error: { code: 'invalid', message: '--pin: standard input ended before this secret (one line per `-`)' },
    });
    expect(service.calls).toEqual([]);
  });
});
