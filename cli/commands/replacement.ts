// `ea replacement request SERIAL` · `ea replace SERIAL --with NEW_SERIAL --seed BASE32 --expires DATE
// [--type] [--digits] [--period] [--counter] [--algorithm] [--pin]`
import type { Command } from 'commander';
import { arg } from '../common-options.js';
import type { CliSession, CommonOptions } from '../session.js';
import { tokenView } from '../token-view.js';
import { serial } from '../../input/values.js';
import { oathAndPinOf, withOathOptions, describeOath, type OathOptions } from '../oath-options.js';

interface ReplaceOptions extends CommonOptions, OathOptions {
  with: string;
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

  withOathOptions(
    program
      .command('replace')
      .description('assign a replacement token: the new one is assigned first, then the old one is retired')
      .argument('<serial>', 'serial of the token being replaced', arg(serial))
      .requiredOption('--with <serial>', 'serial of the new token', arg(serial)),
    "the new token's",
    session.timeZone,
  ).action(
    session.action(async (inv, opts: ReplaceOptions, serialNo: string) => {
      const { oath, pin } = await oathAndPinOf(inv, opts);
      const replacement = { newSerial: opts.with, oath, tokenExpiresAt: opts.expires, ...(pin ? { pin } : {}) };
      const status = await (await inv.service()).replace(serialNo, replacement, inv.meta);
      inv.out.result(
        status,
        (s) =>
          `Token ${serialNo} replaced by ${opts.with} (${describeOath(replacement.oath)}).\n${tokenView(s, inv.timeZone())}`,
      );
    }),
  );
}
