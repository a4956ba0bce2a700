import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseUsersCsv } from './users-csv.js';

const HEADER = 'id,name,email,mobile,onDemand\n';

describe('parseUsersCsv', () => {
  it('reads the fixture: every column, quoted names, empty fields as cleared', () => {
    const parsed = parseUsersCsv(readFileSync('test/fixtures/users.csv', 'utf8'));
    expect(parsed.skipped).toEqual([]);
    expect(parsed.rows).toEqual([
      {
        line: 2,
        value: {
          id: 'alice',
          name: 'Alice Archer',
          email: 'alice@example.com',
          mobile: '+4915112345678',
          onDemand: 'sms',
        },
      },
      {
        line: 3,
        value: { id: 'bob', name: 'Builder, Bob', email: 'bob@example.com', mobile: null, onDemand: 'email' },
      },
      { line: 4, value: { id: 'carol', name: 'Carol Chen', email: null, mobile: '+14155550123', onDemand: null } },
    ]);
  });

  it('leaves an empty name out so the current one (or the id) stays', () => {
    expect(parseUsersCsv(`${HEADER}dave,,dave@example.com,,\n`).rows[0]?.value).toEqual({
      id: 'dave',
      name: undefined,
      email: 'dave@example.com',
      mobile: null,
      onDemand: null,
    });
  });

  it('skips each kind of bad row with its line and every problem, keeping the good rows', () => {
    const text = [
      HEADER.trim(),
      'ok1,OK,ok1@example.com,,',
      ',No Id,x@example.com,,',
      'bad id,Space,x@example.com,,',
      'e1,Bad mail,not-mail,,',
      'm1,Bad mobile,,0151 123,',
      'c1,Bad channel,c1@example.com,,pigeon',
      'n1,No contact,,,',
      's1,SMS without mobile,s1@example.com,,sms',
      'two,Two problems,nope,+1,',
      'ok1,Again,ok1@example.com,,',
      'ok2,OK too,,+4915112345678,sms',
    ].join('\n');
    const parsed = parseUsersCsv(text);
    expect(parsed.rows.map((r) => [r.line, r.value.id])).toEqual([
      [2, 'ok1'],
      [12, 'ok2'],
    ]);
    expect(parsed.skipped.map((s) => s.line)).toEqual([3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const error = (line: number) => parsed.skipped.find((s) => s.line === line)?.error;
    expect(error(3)).toMatch(/^id: a user id is/);
    expect(error(4)).toMatch(/^id: a user id is/);
    expect(error(5)).toMatch(/^email: not an e-mail address/);
    expect(error(6)).toMatch(/^mobile: .*E\.164/);
    expect(error(7)).toMatch(/^onDemand: the on-demand channel is one of email, sms/);
    expect(error(8)).toBe('contact: a user needs an e-mail address or a mobile number');
    expect(error(9)).toBe('onDemand: on-demand codes by sms need a mobile number');
    expect(error(10)).toMatch(/email: .*; mobile: /);
    expect(error(11)).toBe('user ok1 already appears on line 2');
  });

  it('refuses a file without the users header', () => {
    expect(() => parseUsersCsv('id,name,email\nalice,Alice,a@example.com\n')).toThrow(
      /missing column mobile, onDemand/,
    );
  });
});
