// `ea token add SERIAL --user ID --seed BASE32 --expires DATE [--type] [--digits] [--period] [--counter] [--algorithm] [--pin]`
import type { Command } from 'commander';
import type { NewToken } from '../../client/ea-service.js';
import { arg } from '../common-options.js';
import { formatInstant } from '../../input/instant.js';
import { describeOath, oathAndPinOf, withOathOptions, type OathOptions } from '../oath-options.js';
import type { CliSession, CommonOptions } from '../session.js';
import { serial, userId } from '../../input/values.js';

interface TokenAddOptions extends CommonOptions, OathOptions {
  user: string;
}

export function registerToken(program: Command, session: CliSession): void {
  const token = program.command('token').description('manage tokens');
  withOathOptions(
    token
      .command('add')
      .description('assign a token (OATH TOTP or HOTP) to a user')
      .argument('<serial>', 'token serial', arg(serial))
      .requiredOption('--user <id>', 'the user who holds it', arg(userId)),
    "the token's",
    session.timeZone,
  ).action(
    session.action(async (inv, opts: TokenAddOptions, serialNo: string) => {
      const { oath, pin } = await oathAndPinOf(inv, opts);
      const input: NewToken = {
        serial: serialNo,
        userId: opts.user,
        oath,
        tokenExpiresAt: opts.expires,
        ...(pin ? { pin } : {}),
      };
      const result = await (await inv.service()).addToken(input, inv.meta);
      inv.out.result(result, ({ status, outcome }) =>
        [
          `Token ${status.serial} ${outcome}, assigned to ${status.user ?? opts.user}: ${describeOath(input.oath)}.`,
          `Token expires ${formatInstant(status.tokenExpiresAt, inv.timeZone())}.`,
        ].join('\n'),
      );
    }),
  );
}
