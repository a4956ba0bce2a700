// `ea replacement request SERIAL` · `ea replace SERIAL --with NEW_SERIAL --seed BASE32 --expires DATE`
import type { Command } from 'commander';
import { arg, secretArg } from '../common-options.js';
import type { CliSession, CommonOptions } from '../session.js';
import { tokenView } from '../token-view.js';
import { base32Seed, instant, serial } from '../../input/values.js';

interface ReplaceOptions extends CommonOptions {
  with: string;
  seed: string;
  expires: string;
}

export function registerReplacement(program: Command, session: CliSession): void {
  const replacement = program.command('replacement').description('replacement tokens');
  replacement
    .command('request')
    .description('ask for a replacement (the token must be eligible: near its expiry, or lost)')
    .argument('<serial>', 'token serial', arg(serial))
    .action(
      session.action(async (inv, _opts: CommonOptions, serialNo: string) => {
        const status = await (await inv.service()).requestReplacement(serialNo, inv.meta);
        inv.out.result(status, (s) => `Replacement requested.\n${tokenView(s, inv.timeZone())}`);
      }),
    );

  program
    .command('replace')
    .description('assign a replacement token: the new one starts active, the old one is retired')
    .argument('<serial>', 'serial of the token being replaced', arg(serial))
    .requiredOption('--with <serial>', 'serial of the new token', arg(serial))
    .requiredOption(
      '--seed <base32>',
      "the new token's secret, base32; - reads it from standard input",
      secretArg(base32Seed),
    )
    .requiredOption(
      '--expires <date>',
      "the new token's end of life: a date (end of that day in TZ) or ISO time",
      arg(instant(session.timeZone, 'end-of-day')),
    )
    .action(
      session.action(async (inv, opts: ReplaceOptions, serialNo: string) => {
        const seed = await inv.secret('--seed', opts.seed, base32Seed);
        const status = await (
          await inv.service()
        ).replace(serialNo, { newSerial: opts.with, secretBase32: seed, tokenExpiresAt: opts.expires }, inv.meta);
        inv.out.result(status, (s) => `Token ${serialNo} replaced by ${opts.with}.\n${tokenView(s, inv.timeZone())}`);
      }),
    );
}
