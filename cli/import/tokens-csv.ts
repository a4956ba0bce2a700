// Tokens from CSV, header `serial,user,seed,type,digits,period,algorithm,expires,pin` (any order, any
// case; `counter` may be added for HOTP). serial, user, seed and expires are required on every row.
import type { NewToken } from '../../client/ea-service.js';
import { readCsv } from './csv-records.js';
import { firstOccurrence, type Parsed, type Row } from './parsed.js';
import { tokenFromFields } from './token-fields.js';

const COLUMNS = {
  required: ['serial', 'user', 'seed', 'expires'],
  optional: ['type', 'digits', 'period', 'algorithm', 'pin', 'counter'],
} as const;

export function parseTokensCsv(text: string, timeZone: string): Parsed<NewToken> {
  const { records, skipped } = readCsv(text, COLUMNS);
  const rows: Row<NewToken>[] = [];
  for (const { line, fields } of records) {
    const result = tokenFromFields(fields, timeZone);
    if ('errors' in result) skipped.push({ line, error: result.errors.join('; ') });
    else rows.push({ line, value: result.token });
  }
  return firstOccurrence({ rows, skipped }, 'serial', (t) => t.serial);
}
