// `ea import users FILE.csv` · `ea import tokens FILE.csv|FILE.xml`: parse the whole file first (a bad
// row is skipped, never half-imported), then upsert the rows, many at once (cli/import/import-rows.ts),
// showing progress on stderr. Re-importing a file changes nothing; an interrupted one re-run resumes.
// Output `{imported, unchanged, skipped:[{line,error}]}`; exit 1 when a row was skipped.
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { EaError, type CallMeta, type Upsert } from '../../client/ea-service.js';
import { parsePskc } from '../import/pskc.js';
import type { Parsed } from '../import/parsed.js';
import {
  DEFAULT_CONCURRENCY,
  MAX_CONCURRENCY,
  importRows,
  tokenUser,
  type ImportReport,
} from '../import/import-rows.js';
import { ProgressReporter } from '../import/import-progress.js';
import { arg } from '../common-options.js';
import { parseTokensCsv } from '../import/tokens-csv.js';
import { parseUsersCsv } from '../import/users-csv.js';
import type { CliSession, CommonOptions, Invocation } from '../session.js';

interface ImportCommandOptions extends CommonOptions {
  concurrency: number;
}

/** 1…MAX_CONCURRENCY rows in flight; a user's tokens (at most three) stay under a workflow's ten updates. */
const concurrencyArg = arg((text) => {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY)
    throw new EaError('invalid', `a whole number from 1 to ${MAX_CONCURRENCY}, got ${text}`);
  return n;
});

const CONCURRENCY_HELP = 'rows upserted at once';

export function registerImport(program: Command, session: CliSession): void {
  const group = program.command('import').description('bulk import from files');

  group
    .command('users')
    .description('import users from CSV: id,name,email,mobile,onDemand')
    .argument('<file>', 'CSV file')
    .option('--concurrency <n>', CONCURRENCY_HELP, concurrencyArg, DEFAULT_CONCURRENCY)
    .action(
      session.action(async (inv, opts: ImportCommandOptions, file: string) => {
        const parsed = parseUsersCsv(await readText(file));
        const service = await inv.service();
        await report(inv, opts, 'users', parsed, (user, meta) => service.putUser(user, meta).then((r) => r.outcome));
      }),
    );

  group
    .command('tokens')
    .description('import tokens from CSV (serial,user,seed,type,digits,period,algorithm,expires,pin) or PSKC XML')
    .argument('<file>', '.csv or .xml (PSKC, RFC 6030, plaintext secrets)')
    .option('--concurrency <n>', CONCURRENCY_HELP, concurrencyArg, DEFAULT_CONCURRENCY)
    .action(
      session.action(async (inv, opts: ImportCommandOptions, file: string) => {
        const format = extname(file).toLowerCase();
        if (format !== '.csv' && format !== '.xml' && format !== '.pskc')
          inv.usageError(`${file}: give a .csv file or a PSKC .xml file`);
        const text = await readText(file);
        const parsed = format === '.csv' ? parseTokensCsv(text, inv.timeZone()) : parsePskc(text, inv.timeZone());
        const service = await inv.service();
        await report(
          inv,
          opts,
          'tokens',
          parsed,
          (token, meta) => service.addToken(token, meta).then((r) => r.outcome),
          tokenUser,
        );
      }),
    );
}

/** About 30,000 PSKC key packages (~1 KB each) or far more CSV rows; beyond that, split the file. */
const MAX_IMPORT_BYTES = 32 * 1024 * 1024;

async function readText(file: string): Promise<string> {
  try {
    const { size } = await stat(file);
    if (size > MAX_IMPORT_BYTES)
      throw new EaError(
        'invalid',
        `${file} is ${(size / 1024 / 1024).toFixed(1)} MiB; an import file may be at most ${MAX_IMPORT_BYTES / 1024 / 1024} MiB: split it`,
      );
    return await readFile(file, 'utf8');
  } catch (error) {
    if (error instanceof EaError) throw error;
    throw new EaError(
      'invalid',
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`,
    );
  }
}

/** Upserts the parsed rows with a progress display on stderr; exit 1 when a row was skipped. */
async function report<T>(
  inv: Invocation,
  opts: ImportCommandOptions,
  what: string,
  parsed: Parsed<T>,
  upsert: (value: T, meta: CallMeta) => Promise<Upsert>,
  keyOf?: (value: T) => string,
): Promise<void> {
  const progress = new ProgressReporter(inv.stderr, inv.out.json, what);
  let result: ImportReport;
  try {
    result = await importRows(
      parsed,
      // A caller's request id names the import; each row needs its own for idempotency.
      (row) => upsert(row.value, inv.meta.requestId ? { requestId: `${inv.meta.requestId}:${row.line}` } : {}),
      { concurrency: opts.concurrency, keyOf, onProgress: progress.update },
    );
  } finally {
    progress.finish();
  }
  if (result.skipped.length) inv.reject();
  inv.out.result(result, reportView);
}

function reportView({ imported, unchanged, skipped }: ImportReport): string {
  const head = `${imported} imported, ${unchanged} unchanged, ${skipped.length} skipped${skipped.length ? ':' : '.'}`;
  return [head, ...skipped.map((s) => `  line ${s.line}: ${s.error}`)].join('\n');
}
