// `ea import users FILE.csv` · `ea import tokens FILE.csv|FILE.xml`: parse the whole file first (a bad
// row is skipped, never half-imported), then upsert each row. Re-importing a file changes nothing.
// Output `{imported, unchanged, skipped:[{line,error}]}`; exit 1 when a row was skipped.
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { EaError, type CallMeta, type Upsert } from '../../client/ea-service.js';
import { KeyFileError } from '../../client/keys.js';
import { parsePskc } from '../import/pskc.js';
import type { Parsed, Skipped } from '../import/parsed.js';
import { parseTokensCsv } from '../import/tokens-csv.js';
import { parseUsersCsv } from '../import/users-csv.js';
import type { CliSession, CommonOptions, Invocation } from '../session.js';

interface ImportReport {
  imported: number;
  unchanged: number;
  skipped: Skipped[];
}

/** Rows in flight at once: fast on a large file, well under the server's ten updates per workflow. */
const CONCURRENCY = 8;

export function registerImport(program: Command, session: CliSession): void {
  const group = program.command('import').description('bulk import from files');

  group
    .command('users')
    .description('import users from CSV: id,name,email,mobile,onDemand')
    .argument('<file>', 'CSV file')
    .action(
      session.action(async (inv, _opts: CommonOptions, file: string) => {
        const parsed = parseUsersCsv(await readText(file));
        const service = await inv.service();
        await report(inv, parsed, (user, meta) => service.putUser(user, meta).then((r) => r.outcome));
      }),
    );

  group
    .command('tokens')
    .description('import tokens from CSV (serial,user,seed,type,digits,period,algorithm,expires,pin) or PSKC XML')
    .argument('<file>', '.csv or .xml (PSKC, RFC 6030, plaintext secrets)')
    .action(
      session.action(async (inv, _opts: CommonOptions, file: string) => {
        const format = extname(file).toLowerCase();
        if (format !== '.csv' && format !== '.xml' && format !== '.pskc')
          inv.usageError(`${file}: give a .csv file or a PSKC .xml file`);
        const text = await readText(file);
        const parsed = format === '.csv' ? parseTokensCsv(text, inv.timeZone()) : parsePskc(text, inv.timeZone());
        const service = await inv.service();
        await report(inv, parsed, (token, meta) => service.addToken(token, meta).then((r) => r.outcome));
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

/** Upserts the parsed rows; a row the service refuses is skipped with its line, an unreachable service stops the import. */
async function report<T>(
  inv: Invocation,
  parsed: Parsed<T>,
  upsert: (value: T, meta: CallMeta) => Promise<Upsert>,
): Promise<void> {
  const result: ImportReport = { imported: 0, unchanged: 0, skipped: [...parsed.skipped] };
  const queue = [...parsed.rows];
  const worker = async (): Promise<void> => {
    for (let row = queue.shift(); row; row = queue.shift()) {
      // A caller's request id names the import; each row needs its own for idempotency.
      const meta: CallMeta = inv.meta.requestId ? { requestId: `${inv.meta.requestId}:${row.line}` } : {};
      try {
        if ((await upsert(row.value, meta)) === 'unchanged') result.unchanged++;
        else result.imported++;
      } catch (error) {
        // Without a usable key no row can be signed: that stops the import, as an unreachable service does.
        if (error instanceof EaError && error.code !== 'unavailable' && !(error instanceof KeyFileError)) {
          result.skipped.push({ line: row.line, error: error.message });
        } else {
          queue.length = 0;
          throw error;
        }
      }
    }
  };
  const failed = (await Promise.allSettled(Array.from({ length: CONCURRENCY }, worker))).find(
    (w) => w.status === 'rejected',
  );
  if (failed) throw failed.reason;
  result.skipped.sort((a, b) => a.line - b.line);
  if (result.skipped.length) inv.reject();
  inv.out.result(result, reportView);
}

function reportView({ imported, unchanged, skipped }: ImportReport): string {
  const head = `${imported} imported, ${unchanged} unchanged, ${skipped.length} skipped${skipped.length ? ':' : '.'}`;
  return [head, ...skipped.map((s) => `  line ${s.line}: ${s.error}`)].join('\n');
}
