// What every import parser returns: the rows it understood and the rows it refused, by file line.
import { EaError } from '../../client/ea-service.js';
import type { Parse } from '../../input/values.js';

export interface Skipped {
  line: number;
  error: string;
}

export interface Row<T> {
  line: number;
  value: T;
}

export interface Parsed<T> {
  rows: Row<T>[];
  skipped: Skipped[];
}

/** Checks the fields of one row, collecting every problem instead of stopping at the first. */
export class RowCheck {
  readonly errors: string[] = [];

  /** The parsed value, or undefined when the text is absent/empty (use a default) or invalid (recorded). */
  optional<T>(field: string, text: string | undefined, parse: Parse<T>): T | undefined {
    if (text === undefined || text === '') return undefined;
    try {
      return parse(text);
    } catch (error) {
      this.errors.push(`${field}: ${error instanceof EaError ? error.message : String(error)}`);
      return undefined;
    }
  }

  required<T>(field: string, text: string | undefined, parse: Parse<T>): T | undefined {
    if (text === undefined || text === '') {
      this.errors.push(`${field}: missing`);
      return undefined;
    }
    return this.optional(field, text, parse);
  }
}

/** Refuses the second and later rows with the same key: one import must not say two things about one item. */
export function firstOccurrence<T>(parsed: Parsed<T>, what: string, key: (value: T) => string): Parsed<T> {
  const seen = new Map<string, number>();
  const rows: Row<T>[] = [];
  const skipped = [...parsed.skipped];
  for (const row of parsed.rows) {
    const first = seen.get(key(row.value));
    if (first === undefined) {
      seen.set(key(row.value), row.line);
      rows.push(row);
    } else {
      skipped.push({ line: row.line, error: `${what} ${key(row.value)} already appears on line ${first}` });
    }
  }
  return { rows, skipped: skipped.sort((a, b) => a.line - b.line) };
}
