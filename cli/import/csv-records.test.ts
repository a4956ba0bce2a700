import { describe, expect, it } from 'vitest';
import { readCsv } from './csv-records.js';

const columns = { required: ['id', 'name'], optional: ['note'] };

describe('readCsv', () => {
  it('keys fields by header and gives each record the line it starts on', () => {
    const text = 'id,name\n\na,Alpha\n"b","Beta, the second"\n  c  ,  Gamma  \n';
    expect(readCsv(text, columns)).toEqual({
      records: [
        { line: 3, fields: { id: 'a', name: 'Alpha' } },
        { line: 4, fields: { id: 'b', name: 'Beta, the second' } },
        { line: 5, fields: { id: 'c', name: 'Gamma' } },
      ],
      skipped: [],
    });
  });

  it('handles a BOM, CRLF, a quoted field over two lines and a missing last newline', () => {
    const text = '\uFEFFid,name\r\n"a","two\r\nlines"\r\nb,"say ""hi"""\r\n\r\nc,C';
    const { records } = readCsv(text, columns);
    expect(records).toEqual([
      { line: 2, fields: { id: 'a', name: 'two\nlines' } },
      { line: 4, fields: { id: 'b', name: 'say "hi"' } },
      { line: 6, fields: { id: 'c', name: 'C' } },
    ]);
  });

  it('matches header names without regard to case, in any order, with optional columns left out', () => {
    expect(readCsv('NAME,Id\nAlpha,a\n', columns).records).toEqual([{ line: 2, fields: { name: 'Alpha', id: 'a' } }]);
  });

  it('skips a row with too few or too many fields', () => {
    expect(readCsv('id,name\na\nb,B,extra\nc,C\n', columns)).toEqual({
      records: [{ line: 4, fields: { id: 'c', name: 'C' } }],
      skipped: [
        { line: 2, error: 'expected 2 fields as in the header, found 1' },
        { line: 3, error: 'expected 2 fields as in the header, found 3' },
      ],
    });
  });

  it('refuses the whole file for a bad header', () => {
    expect(() => readCsv('id,nmae\na,b\n', columns)).toThrow(
      'line 1: unknown column nmae; missing column name (columns: id,name,note)',
    );
    expect(() => readCsv('id,name,id\n', columns)).toThrow(/repeated column id/);
    expect(() => readCsv('', columns)).toThrow(/empty/);
    expect(() => readCsv('\n\n', columns)).toThrow(/empty/);
  });

  it('refuses the whole file for broken quoting, naming the line the broken record starts on', () => {
    expect(() => readCsv('id,name\na,A\n\n"b,B\nc,C\n', columns)).toThrow(/^line 4: Quote Not Closed/);
    expect(() => readCsv('id,name\r\na,"A"x\r\n', columns)).toThrow(/^line 2: Invalid Closing Quote/);
  });
});
