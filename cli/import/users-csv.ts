// Users from CSV, header `id,name,email,mobile,onDemand` (any order, any case). Each row is the whole
// user: an empty email, mobile or onDemand clears it; an empty name keeps the current one.
import type { UserInput } from '../../client/ea-service.js';
import { validateUser } from '../../domain/user.js';
import { CHANNELS } from '../../domain/types.js';
import { email, mobile, oneOf, userId } from '../values.js';
import { readCsv } from './csv-records.js';
import { firstOccurrence, RowCheck, type Parsed, type Row } from './parsed.js';

const COLUMNS = { required: ['id', 'name', 'email', 'mobile', 'onDemand'], optional: [] } as const;

export function parseUsersCsv(text: string): Parsed<UserInput> {
  const { records, skipped } = readCsv(text, COLUMNS);
  const rows: Row<UserInput>[] = [];
  for (const { line, fields } of records) {
    const check = new RowCheck();
    const user = {
      id: check.required('id', fields.id, userId) ?? '',
      name: fields.name || undefined,
      email: check.optional('email', fields.email, email) ?? null,
      mobile: check.optional('mobile', fields.mobile, mobile) ?? null,
      onDemand: check.optional('onDemand', fields.onDemand, oneOf('onDemand', CHANNELS)) ?? null,
    };
    if (check.errors.length === 0) {
      // The same rules the user workflow applies (at least one contact, a contact for the on-demand channel).
      const verdict = validateUser({ ...user, name: user.name ?? user.id });
      if (!verdict.ok) check.errors.push(...verdict.errors.map((e) => `${e.field}: ${e.message}`));
    }
    if (check.errors.length) skipped.push({ line, error: check.errors.join('; ') });
    else rows.push({ line, value: user });
  }
  return firstOccurrence({ rows, skipped }, 'user', (u) => u.id);
}
