// `ea extend SERIAL --lifetime D | --expires-at ISO`: change when emergency access ends (within the cap).
import { Option, type Command } from 'commander';
import { arg } from '../common-options.js';
import type { CliSession, CommonOptions } from '../session.js';
import { tokenView } from '../token-view.js';
import { duration, instant, serial } from '../../input/values.js';

interface ExtendOptions extends CommonOptions {
  lifetime?: number;
  expiresAt?: string;
}

export function registerExtend(program: Command, session: CliSession): void {
  program
    .command('extend')
    .description('change when emergency access ends')
    .argument('<serial>', 'token serial', arg(serial))
    .addOption(
      new Option('--lifetime <duration>', 'new lifetime, e.g. 36h, 7d').argParser(arg(duration)).conflicts('expiresAt'),
    )
    .option(
      '--expires-at <time>',
      'new end: ISO time, or a date (end of that day in TZ)',
      arg(instant(session.timeZone, 'end-of-day')),
    )
    .action(
      session.action(async (inv, opts: ExtendOptions, serialNo: string) => {
        if (opts.lifetime === undefined && opts.expiresAt === undefined)
          inv.usageError('give --lifetime or --expires-at');
        const status = await (
          await inv.service()
        ).extend(serialNo, { lifetimeMs: opts.lifetime, expiresAt: opts.expiresAt }, inv.meta);
        inv.out.result(status, (s) => `Emergency access end changed.\n${tokenView(s, inv.timeZone())}`);
      }),
    );
}
