// Users from CSV, header `id,name,email,mobile,onDemand` (any order, any case). Each row is the whole
// user: an empty email, mobile or onDemand clears it; an empty name keeps the current one.
import type { UserInput } from '../../client/ea-service.js';
import { validateUser } from '../../domain/user.js';
import { readCsv } from './csv-records.js';
import { firstOccurrence, type Parsed, type Row } from './parsed.js';

const COLUMNS = { required: ['id', 'name', 'email', 'mobile', 'onDemand'], optional: [] } as const;

export function parseUsersCsv(text: string): Parsed<UserInput> {
  const { records, skipped } = readCsv(text, COLUMNS);
  const rows: Row<UserInput>[] = [];
  for (const { line, fields } of records) {
    const user = {
      id: fields.id ?? '',
      name: fields.name || undefined,
      email: fields.email || null,
      mobile: fields.mobile || null,
      onDemand: fields.onDemand || null,
    };
    // The user workflow's own rules, so a row the service would refuse is skipped here, by line.
    const verdict = validateUser({ ...user, name: user.name ?? user.id });
    if (verdict.ok) rows.push({ line, value: { ...user, onDemand: verdict.user.onDemand } });
    else skipped.push({ line, error: verdict.errors.map((e) => `${e.field}: ${e.message}`).join('; ') });
  }
  return firstOccurrence({ rows, skipped }, 'user', (u) => u.id);
}
