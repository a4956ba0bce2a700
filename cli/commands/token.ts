// `ea token add SERIAL --user ID --seed BASE32 --expires DATE [--type] [--digits] [--period] [--counter] [--algorithm] [--pin]`
import type { Command } from 'commander';
import type { NewToken } from '../../client/ea-service.js';
import { arg, secretArg } from '../common-options.js';
import { formatInstant } from '../../input/instant.js';
import { describeOath, oathAndPinOf, withOathOptions, type OathOptions } from '../oath-options.js';
import type { CliSession, CommonOptions } from '../session.js';
import { base32Seed, instant, serial, userId } from '../../input/values.js';

interface TokenAddOptions extends CommonOptions, OathOptions {
  user: string;
  expires: string;
}

export function registerToken(program: Command, session: CliSession): void {
  const token = program.command('token').description('manage tokens');
  withOathOptions(
    token
      .command('add')
      .description('assign a token (OATH TOTP or HOTP) to a user')
      .argument('<serial>', 'token serial', arg(serial))
      .requiredOption('--user <id>', 'the user who holds it', arg(userId))
      .requiredOption(
        '--seed <base32>',
        'the shared secret, base32; - reads it from standard input',
        secretArg(base32Seed),
      )
      .requiredOption(
        '--expires <date>',
        "the token's end of life: a date (end of that day in TZ) or ISO time",
        arg(instant(session.timeZone, 'end-of-day')),
      ),
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
