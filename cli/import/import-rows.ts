// Upserts an import's parsed rows, a bounded number at once. A row the service refuses is skipped
// with its line; an unreachable service (or no usable key) stops the import: no new row starts, the
// rows in flight finish, and the error is thrown. Every upsert is idempotent, so a re-run after an
// interruption answers `unchanged` for what is in and imports the rest.
import { EaError, type Upsert } from '../../client/ea-service.js';
import { KeyFileError } from '../../client/keys.js';
import type { Parsed, Row, Skipped } from './parsed.js';

export interface ImportReport {
  imported: number;
  unchanged: number;
  skipped: Skipped[];
}

/** Rows in flight at once unless `--concurrency` says otherwise: measured in bench/import.ts. */
export const DEFAULT_CONCURRENCY = 8;
export const MAX_CONCURRENCY = 256;

export interface ImportOptions {
  concurrency: number;
  /** After every row: how many of `total` rows (the file's, skipped ones included) are done. */
  onProgress?: (done: number, total: number) => void;
}

/** Whether an error ends the whole import rather than one row. */
const stopsImport = (error: unknown) =>
  !(error instanceof EaError) || error.code === 'unavailable' || error instanceof KeyFileError;

export async function importRows<T>(
  parsed: Parsed<T>,
  upsert: (row: Row<T>) => Promise<Upsert>,
  { concurrency, onProgress }: ImportOptions,
): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, unchanged: 0, skipped: [...parsed.skipped] };
  const total = parsed.rows.length + parsed.skipped.length;
  let done = parsed.skipped.length;
  let next = 0;
  let stop: { error: unknown } | null = null;
  onProgress?.(done, total);
  const lane = async (): Promise<void> => {
    while (next < parsed.rows.length && !stop) {
      const row = parsed.rows[next++]!;
      try {
        if ((await upsert(row)) === 'unchanged') report.unchanged++;
        else report.imported++;
      } catch (error) {
        if (stopsImport(error)) {
          stop ??= { error };
          return;
        }
        report.skipped.push({ line: row.line, error: (error as EaError).message });
      }
      onProgress?.(++done, total);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, parsed.rows.length)) }, lane));
  if (stop) throw (stop as { error: unknown }).error;
  report.skipped.sort((a, b) => a.line - b.line);
  return report;
}
