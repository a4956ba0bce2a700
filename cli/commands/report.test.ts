import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateKey, writeKeyFile } from '../../client/keys.js';
import { ea, seededService, TEST_ENV } from '../testing/run.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('ea report lost', () => {
  it('sends the report and prints {serial, requestId, sent}; the token acts on it as from a system', async () => {
    const service = await seededService();
    const argv = ['report', 'lost', 'T1', '--reason', 'permanently-lost', '--request-id', 'ticket-4711', '--json'];
    const result = await ea(argv, { service });
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({ serial: 'T1', requestId: 'ticket-4711', sent: true });
    expect(service.calls).toEqual([
      { method: 'reportLost', args: ['T1', { reason: 'permanently-lost' }, { requestId: 'ticket-4711' }] },
    ]);
    expect(await service.status('T1')).toMatchObject({ state: 'emergency', reason: 'permanently-lost' });
    const started = (await service.audit('T1')).find((r) => r.type === 'emergency-started');
    expect(started).toMatchObject({ actor: 'tester', origin: 'system' });
    // A signal's codes go to the user's contact on file, never to the caller.
    expect(service.sent('T1').map((m) => m.template)).toContain('emergency-codes');
    expect(result.stdout).not.toMatch(/codes/);
  });

  it('without --request-id makes a fresh UUID and prints it; a retry with it is ignored', async () => {
    const service = await seededService();
    const first = await ea(['report', 'lost', 'T1', '--reason', 'temporarily-unavailable'], { service });
    expect(first.code).toBe(0);
    const requestId = /request id (\S+):/.exec(first.stdout)?.[1] ?? '';
    expect(requestId).toMatch(UUID);
    expect(first.stdout).toBe(
      `Reported token T1 lost (temporarily-unavailable), request id ${requestId}: sent, not answered; \`ea audit T1\` shows the outcome.\n`,
    );
    const retry = await ea(
      ['report', 'lost', 'T1', '--reason', 'temporarily-unavailable', '--request-id', requestId, '--json'],
      { service },
    );
    expect(retry.json()).toEqual({ serial: 'T1', requestId, sent: true });
    const audit = (await service.audit('T1')).map((r) => r.type);
    expect(audit.filter((type) => type === 'emergency-started')).toHaveLength(1);
    const other = await ea(['report', 'lost', 'T2', '--reason', 'permanently-lost', '--json'], { service });
    expect((other.json() as { requestId: string }).requestId).toMatch(UUID);
    expect((other.json() as { requestId: string }).requestId).not.toBe(requestId);
  });

  it("exits 0 when the token refuses: a signal is not answered, the refusal is in the token's audit", async () => {
    const service = await seededService();
    await ea(['lost', 'T1', '--reason', 'permanently-lost'], { service });
    const result = await ea(['report', 'lost', 'T1', '--reason', 'permanently-lost'], { service });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect((await service.audit('T1')).at(-1)).toMatchObject({
      type: 'refused',
      actor: 'tester',
      origin: 'system',
      reason: expect.stringMatching(/already in emergency access/),
    });
  });

  it.each([
    [['T1', '--reason', 'stolen'], /--reason must be one of permanently-lost, temporarily-unavailable/],
    // The token refuses these from a system (only operators choose them): not offered.
    [['T1', '--reason', 'permanently-lost', '--kind', 'one-time-set'], /unknown option '--kind'/],
    [['T1', '--reason', 'permanently-lost', '--if-found', 'deny'], /unknown option '--if-found'/],
    [['T1', '--reason', 'permanently-lost', '--request-id', ' '], /--request-id.*must not be empty/],
    [['T1', '--reason', 'permanently-lost', '--count', '3'], /unknown option '--count'/],
    [['T1'], /required option '--reason/],
    [['bad/serial', '--reason', 'permanently-lost'], /"bad\/serial" is not a serial/],
    [['--reason', 'permanently-lost'], /missing required argument 'serial'/],
  ])('refuses %j with exit 2, before connecting', async (argv, message) => {
    const result = await ea(['report', 'lost', ...argv]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.connects).toBe(0);
  });

  it('a request id the contract refuses is bad input (exit 2) naming the field; nothing is sent', async () => {
    const service = await seededService();
    const argv = ['report', 'lost', 'T1', '--reason', 'permanently-lost', '--request-id', 'x'.repeat(201), '--json'];
    const result = await ea(argv, { service });
    expect(result.code).toBe(2);
    expect(result.json()).toEqual({ error: { code: 'invalid', message: expect.stringMatching(/requestId/) } });
    expect((await service.status('T1')).state).toBe('active');
  });

  it('an unknown token is not-found (exit 2)', async () => {
    const result = await ea(['report', 'lost', 'NOPE', '--reason', 'permanently-lost', '--json'], {
      service: await seededService(),
    });
    expect(result.code).toBe(2);
    expect(result.json()).toEqual({ error: { code: 'not-found', message: 'unknown token NOPE' } });
  });

  it('--help says a report is fire-and-forget and connects to nothing', async () => {
    for (const sub of ['lost', 'found']) {
      const help = await ea(['report', sub, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toMatch(/fire-and-forget/);
      expect(help.stdout).toMatch(/token decides/);
      expect(help.stdout).toMatch(/ea audit SERIAL/);
      expect(help.connects).toBe(0);
    }
    const lost = (await ea(['report', 'lost', '--help'])).stdout;
    expect(lost).toMatch(/--reason <permanently-lost\|temporarily-unavailable>/);
    expect(lost).toMatch(/only an operator chooses them/);
  });
});

describe('ea report found', () => {
  it('ends emergency access as a system; JSON is {serial, requestId, sent}', async () => {
    const service = await seededService();
    await ea(['report', 'lost', 'T1', '--reason', 'temporarily-unavailable'], { service });
    const result = await ea(['report', 'found', 'T1', '--request-id', 'ticket-4712', '--json'], { service });
    expect(result.code).toBe(0);
    expect(result.json()).toEqual({ serial: 'T1', requestId: 'ticket-4712', sent: true });
    expect(service.calls.at(-1)).toEqual({ method: 'reportFound', args: ['T1', { requestId: 'ticket-4712' }] });
    expect((await service.status('T1')).state).toBe('active');
    const ended = (await service.audit('T1')).find((r) => r.type === 'emergency-ended');
    expect(ended).toMatchObject({ actor: 'tester', origin: 'system' });
  });

  it('under the deny rule the token keeps emergency access (only an operator ends it); still exit 0', async () => {
    const service = await seededService();
    await ea(['lost', 'T1', '--reason', 'permanently-lost', '--if-found', 'deny'], { service });
    const result = await ea(['report', 'found', 'T1'], { service });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^Reported token T1 found, request id [0-9a-f-]{36}: sent, not answered/);
    expect((await service.status('T1')).state).toBe('emergency');
    expect((await service.audit('T1')).map((r) => r.type)).toContain('found-denied-by-rule');
  });

  it('refuses a bad serial and stray options (exit 2)', async () => {
    expect((await ea(['report', 'found', 'bad/serial'])).code).toBe(2);
    expect((await ea(['report', 'found', 'T1', '--reason', 'permanently-lost'])).code).toBe(2);
    expect((await ea(['report', 'found'])).code).toBe(2);
    expect((await ea(['report', 'mislaid', 'T1'])).code).toBe(2);
  });
});

describe('ea report: whose key signs', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ea-report-'));
    writeKeyFile(join(dir, 'asset-mgmt.key'), generateKey('asset-mgmt'));
    writeKeyFile(join(dir, 'ticketing.key'), generateKey('ticketing'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--key, else EA_KEY', async () => {
    const env = { ...TEST_ENV, EA_DATA_DIR: dir, EA_KEY: join(dir, 'asset-mgmt.key') };
    const byEnv = await ea(['report', 'found', 'T1'], { service: await seededService(), env });
    expect(byEnv.signer?.principal).toBe('asset-mgmt');
    const byFlag = await ea(['report', 'found', 'T1', '--key', join(dir, 'ticketing.key')], {
      service: await seededService(),
      env,
    });
    expect(byFlag.signer?.principal).toBe('ticketing');
  });
});
