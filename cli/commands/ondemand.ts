// `ea ondemand SERIAL`: send the user a fresh on-demand code. The code is delivered, never printed.
import type { Command } from 'commander';
import { arg } from '../common-options.js';
import { formatInstant } from '../../input/instant.js';
import type { CliSession, CommonOptions } from '../session.js';
import { serial } from '../../input/values.js';

export function registerOnDemand(program: Command, session: CliSession): void {
  program
    .command('ondemand')
    .description('send a new on-demand tokencode to the user (voids the previous one)')
    .argument('<serial>', 'token serial', arg(serial))
    .action(
      session.action(async (inv, _opts: CommonOptions, serialNo: string) => {
        const sent = await (await inv.service()).requestOnDemand(serialNo, inv.meta);
        inv.out.result(
          sent,
          (s) =>
            `A new on-demand tokencode for token ${s.serial} was sent by ${s.channel}; it works once, until ${formatInstant(s.expiresAt, inv.timeZone())}.`,
        );
      }),
    );
}
