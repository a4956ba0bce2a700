// `ea token add SERIAL --user ID --seed BASE32 --expires DATE [--type] [--digits] [--period] [--counter] [--algorithm] [--pin]`
import type { Command } from 'commander';
import type { NewToken } from '../../client/ea-service.js';
import { OATH_TYPES, type OathAlgorithm, type OathType } from '../../domain/types.js';
import { arg, secretArg } from '../common-options.js';
import { formatInstant } from '../../input/instant.js';
import { OATH_DEFAULTS } from '../oath-defaults.js';
import type { CliSession, CommonOptions } from '../session.js';
import {
  algorithm,
  base32Seed,
  counter,
  digits,
  instant,
  oneOf,
  period,
  pin,
  serial,
  userId,
} from '../../input/values.js';

interface TokenAddOptions extends CommonOptions {
  user: string;
  seed: string;
  expires: string;
  type: OathType;
  digits: 6 | 8;
  period: number;
  counter: number;
  algorithm: OathAlgorithm;
  pin?: string;
}

export function registerToken(program: Command, session: CliSession): void {
  const token = program.command('token').description('manage tokens');
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
    )
    .option('--type <totp|hotp>', 'OATH type', arg(oneOf('--type', OATH_TYPES)), OATH_DEFAULTS.type)
    .option('--digits <6|8>', 'tokencode length', arg(digits), OATH_DEFAULTS.digits)
    .option('--period <seconds>', 'TOTP time step', arg(period), OATH_DEFAULTS.period)
    .option('--counter <n>', 'HOTP: next counter value', arg(counter), OATH_DEFAULTS.counter)
    .option('--algorithm <SHA1|SHA256|SHA512>', 'HMAC hash', arg(algorithm), OATH_DEFAULTS.algorithm)
    .option(
      '--pin <pin>',
      'PIN, 4–8 letters or digits; - reads it from standard input (after --seed -)',
      secretArg(pin),
    )
    .action(
      session.action(async (inv, opts: TokenAddOptions, serialNo: string) => {
        const seed = await inv.secret('--seed', opts.seed, base32Seed);
        const tokenPin = opts.pin === undefined ? undefined : await inv.secret('--pin', opts.pin, pin);
        const input: NewToken = {
          serial: serialNo,
          userId: opts.user,
          oath: {
            type: opts.type,
            secretBase32: seed,
            digits: opts.digits,
            period: opts.period,
            algorithm: opts.algorithm,
            counter: opts.counter,
          },
          tokenExpiresAt: opts.expires,
          ...(tokenPin ? { pin: tokenPin } : {}),
        };
        const result = await (await inv.service()).addToken(input, inv.meta);
        inv.out.result(result, ({ status, outcome }) => {
          const { oath } = input;
          const detail = oath.type === 'totp' ? `${oath.period} s` : `counter ${oath.counter}`;
          return [
            `Token ${status.serial} ${outcome}, assigned to ${status.user ?? opts.user}: ${oath.type.toUpperCase()} ${oath.algorithm}, ${oath.digits} digits, ${detail}.`,
            `Token expires ${formatInstant(status.tokenExpiresAt, inv.timeZone())}.`,
          ].join('\n');
        });
      }),
    );
}
