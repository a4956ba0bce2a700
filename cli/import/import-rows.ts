// Upserts an import's parsed rows, a bounded number at once. A row the service refuses is skipped
// with its line; an unreachable service (or no usable key) stops the import: no new row starts, the
// rows in flight finish, and the error is thrown. Every upsert is idempotent, so a re-run after an
// interruption answers `unchanged` for what is in and imports the rest.
import { EaError, type NewToken, type Upsert } from '../../client/ea-service.js';
import { KeyFileError } from '../../client/keys.js';
import type { Parsed, Row, Skipped } from './parsed.js';

export interface ImportReport {
  imported: number;
  unchanged: number;
  skipped: Skipped[];
}

/**
 * Rows in flight unless `--concurrency` says otherwise. On the 2-core reference machine 32 imported
 * slower than 8 (3.7 against 5.5 tokens/s): the server and worker are busy already. A cluster may
 * take more (`npm run bench -- --only import` measures).
 */
export const DEFAULT_CONCURRENCY = 8;
/** Far above what a server takes: a bound on what a typo can ask for. */
export const MAX_CONCURRENCY = 256;

/** A tokens import's key (ImportOptions.keyOf): a user's tokens one at a time. */
export const tokenUser = (token: NewToken) => token.userId;

export interface ImportOptions<T> {
  concurrency: number;
  /**
   * Rows with the same key go one after another, in file order: a user's tokens, so the check that
   * the user may hold one more sees the ones before it, and the user's workflow gets one at a time.
   */
  keyOf?: (value: T) => string;
  /** After every row: how many of `total` rows (the file's, skipped ones included) are done. */
  onProgress?: (done: number, total: number) => void;
}

/** Whether an error ends the whole import rather than one row. */
const stopsImport = (error: unknown) =>
  !(error instanceof EaError) || error.code === 'unavailable' || error instanceof KeyFileError;

export async function importRows<T>(
  parsed: Parsed<T>,
  upsert: (row: Row<T>) => Promise<Upsert>,
  { concurrency, keyOf, onProgress }: ImportOptions<T>,
): Promise<ImportReport> {
  const report: ImportReport = { imported: 0, unchanged: 0, skipped: [...parsed.skipped] };
  const total = parsed.rows.length + parsed.skipped.length;
  let done = parsed.skipped.length;
  let next = 0;
  let stop = null as { error: unknown } | null;
  onProgress?.(done, total);
  const chains = new Map<string, Promise<unknown>>();
  const inTurn = (row: Row<T>): Promise<Upsert> => {
    const key = keyOf?.(row.value);
    if (key === undefined) return upsert(row);
    const turn = (chains.get(key) ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => {
        if (stop) throw stop.error;
        return upsert(row);
      });
    chains.set(key, turn);
    void turn.finally(() => chains.get(key) === turn && chains.delete(key)).catch(() => undefined);
    return turn;
  };
  const lane = async (): Promise<void> => {
    while (next < parsed.rows.length && !stop) {
      const row = parsed.rows[next++]!;
      try {
        if ((await inTurn(row)) === 'unchanged') report.unchanged++;
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
  if (stop) throw stop.error;
  report.skipped.sort((a, b) => a.line - b.line);
  return report;
}
