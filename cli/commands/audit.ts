// `ea audit SERIAL` · `ea audit --all [--since ISO]`: the audit trail, one record per line (JSON lines with --json).
import type { Command } from 'commander';
import type { AuditRecord } from '../../domain/types.js';
import { arg } from '../common-options.js';
import { formatInstant } from '../../input/instant.js';
import type { CliSession, CommonOptions } from '../session.js';
import { instant, serial } from '../../input/values.js';

interface AuditOptions extends CommonOptions {
  all?: boolean;
  since?: string;
}

export function registerAudit(program: Command, session: CliSession): void {
  program
    .command('audit')
    .description("a token's audit trail, or every token's with --all")
    .argument('[serial]', 'token serial', arg(serial))
    .option('--all', 'every token, oldest first')
    .option(
      '--since <time>',
      'with --all: records after this ISO time or date (start of that day in TZ)',
      arg(instant(session.timeZone, 'start-of-day')),
    )
    .action(
      session.action(async (inv, opts: AuditOptions, serialNo: string | undefined) => {
        if ((serialNo === undefined) === !opts.all) inv.usageError('give a serial or --all');
        if (opts.since !== undefined && !opts.all) inv.usageError('--since goes with --all');
        const service = await inv.service();
        const records = serialNo === undefined ? await service.auditFeed(opts.since) : await service.audit(serialNo);
        if (records.length === 0 && !inv.out.json) inv.out.result('No audit records.', String);
        for (const record of records) inv.out.result(record, (r) => recordLine(r, inv.timeZone()));
      }),
    );
}

function recordLine(record: AuditRecord, timeZone: string): string {
  const reason = record.reason ? ` (${record.reason})` : '';
  const detail = record.detail
    ? ` ${Object.entries(record.detail)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`
    : '';
  return `${formatInstant(record.at, timeZone)}  ${record.serial}  ${record.type} ${record.outcome}${reason}  by ${record.actor} [${record.origin}]${detail}`;
}
