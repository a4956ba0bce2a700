// CSV files as records keyed by header name, each with the line it starts on. Handles a BOM, CRLF or
// LF line ends, quoted fields (with commas or line breaks), blank lines and surrounding spaces.
// A broken header or quoting is a file error (nothing is imported); a row with the wrong number of
// fields is skipped.
import { parse } from 'csv-parse/sync';
import { EaError } from '../../client/ea-service.js';
import type { Skipped } from './parsed.js';

export interface CsvRecord {
  line: number;
  fields: Record<string, string>;
}

export interface CsvColumns {
  required: readonly string[];
  optional: readonly string[];
}

export function readCsv(text: string, columns: CsvColumns): { records: CsvRecord[]; skipped: Skipped[] } {
  // One line-end convention makes csv-parse's line count exact (it counts CR and LF apart inside quotes).
  const source = text.replace(/\r\n?/g, '\n');
  const raw: { fields: string[]; line: number; end: number }[] = [];
  try {
    parse(source, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      on_record: (record, context) => {
        // context.lines is where the record ends; a quoted field may span lines.
        const breaks = record.reduce((n, field) => n + (field.match(/\n/g)?.length ?? 0), 0);
        raw.push({ fields: record, line: context.lines - breaks, end: context.lines });
        return null;
      },
    });
  } catch (error) {
    const line = firstLineAfter(source, raw.at(-1)?.end ?? 0);
    throw new EaError('invalid', `line ${line}: ${(error as Error).message.replace(/ at line \d+/, '')}`);
  }
  const [header, ...rows] = raw;
  if (!header)
    throw new EaError(
      'invalid',
      `the file is empty; the first line must be the header ${columns.required.join(',')},…`,
    );
  const names = checkHeader(header.fields, columns);
  const records: CsvRecord[] = [];
  const skipped: Skipped[] = [];
  for (const row of rows) {
    if (row.fields.length !== names.length) {
      skipped.push({
        line: row.line,
        error: `expected ${names.length} fields as in the header, found ${row.fields.length}`,
      });
    } else {
      records.push({ line: row.line, fields: Object.fromEntries(names.map((name, i) => [name, row.fields[i] ?? ''])) });
    }
  }
  return { records, skipped };
}

/** Header names matched without regard to case, returned in their canonical spelling. */
function checkHeader(header: string[], columns: CsvColumns): string[] {
  const known = [...columns.required, ...columns.optional];
  const names = header.map((name) => known.find((k) => k.toLowerCase() === name.toLowerCase()) ?? name);
  const unknown = names.filter((name) => !known.includes(name));
  const missing = columns.required.filter((name) => !names.includes(name));
  const repeated = names.filter((name, i) => names.indexOf(name) !== i);
  const problems = [
    unknown.length ? `unknown column ${unknown.join(', ')}` : null,
    missing.length ? `missing column ${missing.join(', ')}` : null,
    repeated.length ? `repeated column ${repeated.join(', ')}` : null,
  ].filter((p) => p !== null);
  if (problems.length) throw new EaError('invalid', `line 1: ${problems.join('; ')} (columns: ${known.join(',')})`);
  return names;
}

/** The first non-blank line after line `end`: where a record that failed to parse began. */
function firstLineAfter(source: string, end: number): number {
  const lines = source.split('\n');
  let index = end;
  while (index < lines.length - 1 && (lines[index] ?? '').trim() === '') index++;
  return index + 1;
}
