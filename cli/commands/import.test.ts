import { mkdtempSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EaError, type NewToken } from '../../client/ea-service.js';
import { KeyFileError } from '../../client/keys.js';
import { ea, testService, type TestService } from '../testing/run.js';

const tmp = (name: string, text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'ea-import-')), name);
  writeFileSync(file, text);
  return file;
};

/** Which of `ids` the service holds a user for. */
async function usersAmong(service: TestService, ids: string[]): Promise<string[]> {
  return (await Promise.all(ids.map((id) => service.getUser(id)))).flatMap((user) => (user ? [user.id] : []));
}

async function withUsers(): Promise<TestService> {
  const service = testService();
  expect((await ea(['import', 'users', 'test/fixtures/users.csv'], { service })).code).toBe(0);
  return service;
}

describe('ea import users', () => {
  it('imports every row; a re-import changes nothing', async () => {
    const service = testService();
    const first = await ea(['import', 'users', 'test/fixtures/users.csv', '--json'], { service });
    expect(first.code).toBe(0);
    expect(first.json()).toEqual({ imported: 3, unchanged: 0, skipped: [] });
    expect(await usersAmong(service, ['alice', 'bob', 'carol'])).toEqual(['alice', 'bob', 'carol']);
    const again = await ea(['import', 'users', 'test/fixtures/users.csv', '--json'], { service });
    expect(again.json()).toEqual({ imported: 0, unchanged: 3, skipped: [] });
  });

  it('skipped rows: exit 1, listed by line; the good rows are imported', async () => {
    const service = testService();
    const file = tmp('users.csv', 'id,name,email,mobile,onDemand\nok,OK,ok@example.com,,\nbad id,X,x@example.com,,\n');
    const result = await ea(['import', 'users', file], { service });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^1 imported, 0 unchanged, 1 skipped:\n {2}line 3: id: a user id is/);
    expect(await usersAmong(service, ['ok'])).toEqual(['ok']);
  });

  it('without a usable key the import stops with exit 2, not a skipped row each', async () => {
    const service = testService();
    service.putUser = () => Promise.reject(new KeyFileError('cannot read the key file /k/admin.key (no such file)'));
    const result = await ea(['import', 'users', 'test/fixtures/users.csv', '--json'], { service });
    expect(result.code).toBe(2);
    expect(result.json()).toEqual({ error: { code: 'invalid', message: expect.stringMatching(/admin\.key/) } });
  });

  it('a missing file or a broken header is bad input (exit 2), nothing imported', async () => {
    const service = testService();
    expect((await ea(['import', 'users', 'no/such.csv', '--json'], { service })).json()).toEqual({
      error: { code: 'invalid', message: 'cannot read no/such.csv: no such file' },
    });
    expect((await ea(['import', 'users', tmp('u.csv', 'who,what\n')], { service })).code).toBe(2);
    expect(service.calls).toEqual([]);
  });
});

describe('ea import tokens', () => {
  it('CSV: imports, then re-import is a no-op', async () => {
    const service = await withUsers();
    const first = await ea(['import', 'tokens', 'test/fixtures/tokens.csv', '--json'], { service });
    expect(first.json()).toEqual({ imported: 3, unchanged: 0, skipped: [] });
    expect((await ea(['import', 'tokens', 'test/fixtures/tokens.csv', '--json'], { service })).json()).toEqual({
      imported: 0,
      unchanged: 3,
      skipped: [],
    });
    expect((await service.status('TOTP-0001')).tokenExpiresAt).toBe('2027-12-31T22:59:59.999Z');
  });

  it('PSKC XML: the RFC 6238 seed arrives as base32', async () => {
    const service = await withUsers();
    const result = await ea(['import', 'tokens', 'test/fixtures/tokens.pskc.xml', '--json'], { service });
    expect(result.json()).toEqual({ imported: 3, unchanged: 0, skipped: [] });
    const sent = service.calls.find((c) => c.method === 'addToken' && (c.args[0] as NewToken).serial === 'PSKC-TOTP-1')
      ?.args[0] as NewToken | undefined;
    expect(sent?.oath.secretBase32).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
  });

  it('a row the service refuses is skipped with its line (exit 1)', async () => {
    const service = testService();
    const result = await ea(['import', 'tokens', 'test/fixtures/tokens.csv', '--json'], { service });
    expect(result.code).toBe(1);
    expect(result.json()).toEqual({
      imported: 0,
      unchanged: 0,
      skipped: [2, 3, 4].map((line) => ({ line, error: expect.stringMatching(/^unknown user /) })),
    });
  });

  it('stops with exit 3 when the service becomes unreachable', async () => {
    const service = await withUsers();
    service.addToken = () => Promise.reject(new EaError('unavailable', 'no worker answered'));
    const result = await ea(['import', 'tokens', 'test/fixtures/tokens.csv', '--json'], { service });
    expect(result.code).toBe(3);
    expect(result.json()).toEqual({ error: { code: 'unavailable', message: 'no worker answered' } });
  });

  it('gives each row its own request id when the caller names the import', async () => {
    const service = await withUsers();
    await ea(['import', 'tokens', 'test/fixtures/tokens.csv', '--request-id', 'batch-7'], { service });
    const ids = service.calls
      .filter((c) => c.method === 'addToken')
      .map((c) => (c.args[1] as { requestId?: string }).requestId);
    expect(ids.sort()).toEqual(['batch-7:2', 'batch-7:3', 'batch-7:4']);
  });

  it('PSKC with a DTD or entities is bad input (exit 2), nothing imported', async () => {
    const service = await withUsers();
    const pskc = readFileSync('test/fixtures/tokens.pskc.xml', 'utf8');
    const bomb = pskc.replace(
      '<pskc:KeyContainer',
      '<!DOCTYPE KeyContainer [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n<pskc:KeyContainer',
    );
    const calls = service.calls.length;
    for (const text of [
      bomb,
      pskc.replace('<pskc:KeyContainer', '<!DOCTYPE KeyContainer SYSTEM "file:///etc/passwd">\n<pskc:KeyContainer'),
    ]) {
      const result = await ea(['import', 'tokens', tmp('tokens.xml', text), '--json'], { service });
      expect(result.code).toBe(2);
      expect(result.json()).toEqual({
        error: { code: 'invalid', message: expect.stringMatching(/line 4: .*DTD.*refused/) },
      });
    }
    expect(service.calls.length).toBe(calls);
  });

  it('refuses a file over the size bound (exit 2) before reading it', async () => {
    const service = await withUsers();
    const file = tmp('tokens.csv', 'serial,user,seed\n');
    truncateSync(file, 64 * 1024 * 1024 + 1);
    const result = await ea(['import', 'tokens', file, '--json'], { service });
    expect(result.code).toBe(2);
    expect(result.json()).toEqual({
      error: { code: 'invalid', message: expect.stringMatching(/is 64\.0 MiB; an import file may be at most 32 MiB/) },
    });
  });

  it('refuses other file types (exit 2)', async () => {
    expect((await ea(['import', 'tokens', tmp('tokens.json', '[]')])).stderr).toMatch(
      /give a .csv file or a PSKC .xml file/,
    );
  });
});

/** A tokens CSV for users u1…uN (one token each), with a bad row after every fifth. */
function fleetFiles(count: number): { users: string; tokens: string; badLines: number[] } {
  const users = ['id,name,email,mobile,onDemand'];
  const tokens = ['serial,user,seed,type,digits,period,algorithm,expires,pin'];
  const badLines: number[] = [];
  for (let i = 1; i <= count; i++) {
    users.push(`u${i},User ${i},u${i}@example.com,,`);
    tokens.push(`S${i},u${i},GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,totp,6,30,SHA1,2027-12-31,`);
    if (i % 5 === 0) {
      tokens.push(`X${i},nobody-${i},GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,totp,6,30,SHA1,2027-12-31,`);
      badLines.push(tokens.length);
    }
  }
  return { users: tmp('users.csv', users.join('\n')), tokens: tmp('tokens.csv', tokens.join('\n')), badLines };
}

/** Rows answered out of order (each addToken waits a little, later rows less); the serials sent, in order. */
function slowTokens(service: TestService): string[] {
  const addToken = service.addToken.bind(service);
  const sent: string[] = [];
  service.addToken = async (token, meta) => {
    sent.push(token.serial);
    await new Promise((resolve) => setTimeout(resolve, 12 - (sent.length % 12)));
    return addToken(token, meta);
  };
  return sent;
}

describe('ea import at fleet speed', () => {
  it('with many rows in flight: every row imported exactly once, skipped rows by line in order', async () => {
    const { users, tokens, badLines } = fleetFiles(60);
    const service = testService();
    expect((await ea(['import', 'users', users], { service })).code).toBe(0);
    const sent = slowTokens(service);
    const result = await ea(['import', 'tokens', tokens, '--json', '--concurrency', '16'], { service });
    expect(result.code).toBe(1);
    expect(result.json()).toEqual({
      imported: 60,
      unchanged: 0,
      skipped: badLines.map((line) => ({ line, error: expect.stringMatching(/^unknown user nobody-/) })),
    });
    expect(sent.filter((s) => s.startsWith('S')).sort()).toEqual(
      Array.from({ length: 60 }, (_, i) => `S${i + 1}`).sort(),
    );
    for (let i = 1; i <= 60; i++) expect((await service.getUser(`u${i}`))?.serials).toEqual([`S${i}`]);
  });

  it("one user's rows go one at a time: past the three-token limit, rows are skipped, never assigned", async () => {
    const service = await withUsers();
    const rows = [1, 2, 3, 4, 5].map((i) => `A${i},alice,GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ,totp,6,30,SHA1,2027-12-31,`);
    const file = tmp('tokens.csv', ['serial,user,seed,type,digits,period,algorithm,expires,pin', ...rows].join('\n'));
    const result = await ea(['import', 'tokens', file, '--json', '--concurrency', '16'], { service });
    expect(result.json()).toEqual({
      imported: 3,
      unchanged: 0,
      skipped: [5, 6].map((line) => ({ line, error: expect.stringMatching(/three tokens|3 tokens|holds/) })),
    });
    expect((await service.getUser('alice'))?.serials).toEqual(['A1', 'A2', 'A3']);
    for (const serial of ['A4', 'A5'])
      await expect(service.status(serial)).rejects.toMatchObject({ code: 'not-found' });
  });

  it('an interrupted import, run again, resumes: what is in answers unchanged, the rest is imported', async () => {
    const { users, tokens } = fleetFiles(30);
    const service = testService();
    await ea(['import', 'users', users], { service });
    const addToken = service.addToken.bind(service);
    let answered = 0;
    service.addToken = async (token, meta) => {
      if (answered >= 12) throw new EaError('unavailable', 'no worker answered');
      const result = await addToken(token, meta);
      answered++;
      return result;
    };
    const interrupted = await ea(['import', 'tokens', tokens, '--json', '--concurrency', '4'], { service });
    expect(interrupted.code).toBe(3);
    service.addToken = addToken;
    const imported = (await service.listTokens()).length;
    expect(imported).toBeGreaterThanOrEqual(12);
    const again = await ea(['import', 'tokens', tokens, '--json'], { service });
    expect(again.json()).toMatchObject({ imported: 30 - imported, unchanged: imported });
    expect((await ea(['import', 'tokens', tokens, '--json'], { service })).json()).toMatchObject({
      imported: 0,
      unchanged: 30,
    });
  });

  it('--concurrency takes 1 to 256 (exit 2 otherwise)', async () => {
    const result = await ea(['import', 'tokens', 'test/fixtures/tokens.csv', '--concurrency', '0']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/a whole number from 1 to 256, got 0/);
  });

  it('--json: progress lines on stderr only, stdout one JSON document', async () => {
    const service = await withUsers();
    const result = await ea(['import', 'tokens', 'test/fixtures/tokens.csv', '--json'], { service });
    expect(result.json()).toEqual({ imported: 3, unchanged: 0, skipped: [] });
    const lines = result.stderr
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { progress: { what: string; done: number; total: number } });
    expect(lines[0]!.progress).toMatchObject({ what: 'tokens', done: 0, total: 3 });
    expect(lines.at(-1)!.progress).toMatchObject({
      what: 'tokens',
      done: 3,
      total: 3,
      etaSeconds: 0,
      perSecond: expect.any(Number),
    });
  });

  it('not a terminal: plain progress lines on stderr, the summary on stdout', async () => {
    const service = await withUsers();
    const result = await ea(['import', 'tokens', 'test/fixtures/tokens.csv'], { service });
    expect(result.stdout).toBe('3 imported, 0 unchanged, 0 skipped.\n');
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe('import: 0/3 tokens, 0/s');
    expect(lines.at(-1)).toMatch(/^import: 3\/3 tokens, [\d.]+\/s$/);
    expect(result.stderr).not.toMatch(/\r|\x1b/);
  });

  it('a terminal: one bar redrawn in place (done/total, rate, ETA), ended by a newline', async () => {
    const service = await withUsers();
    const result = await ea(['import', 'tokens', 'test/fixtures/tokens.csv'], { service, ttyColumns: 100 });
    expect(result.stdout).toBe('3 imported, 0 unchanged, 0 skipped.\n');
    expect(result.stderr.endsWith('\n')).toBe(true);
    expect(result.stderr.split('\n')).toHaveLength(2);
    const frames = result.stderr.trimEnd().split('\r').filter(Boolean);
    expect(frames.at(-1)).toMatch(/^\[█{30}\] 100% 3\/3 tokens, [\d.]+\/s\x1b\[K$/);
    expect(frames.every((frame) => frame.length < 100)).toBe(true);
  });
});
