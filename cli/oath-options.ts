// The flags that describe a token — its seed, end of life, OATH parameters and PIN — shared by `ea
// token add` and `ea replace` (a replacement is a token like any other: TOTP or HOTP, its digits,
// period, algorithm, counter, PIN).
import type { Command } from 'commander';
import type { NewToken } from '../client/ea-service.js';
import { OATH_TYPES, type OathAlgorithm, type OathType } from '../domain/types.js';
import { algorithm, base32Seed, counter, digits, instant, oneOf, period, pin } from '../input/values.js';
import { arg, secretArg } from './common-options.js';
import type { Invocation } from './session.js';
import { OATH_DEFAULTS } from './oath-defaults.js';

export interface OathOptions {
  seed: string;
  expires: string;
  type: OathType;
  digits: 6 | 8;
  period: number;
  counter: number;
  algorithm: OathAlgorithm;
  pin?: string;
}

/** `whose`: how the help names the token ("the token's", "the new token's"). */
export function withOathOptions(command: Command, whose: string, timeZone: () => string): Command {
  return command
    .requiredOption('--seed <base32>', `${whose} secret, base32; - reads it from standard input`, secretArg(base32Seed))
    .requiredOption(
      '--expires <date>',
      `${whose} end of life: a date (end of that day in TZ) or ISO time`,
      arg(instant(timeZone, 'end-of-day')),
    )
    .option('--type <totp|hotp>', 'OATH type', arg(oneOf('--type', OATH_TYPES)), OATH_DEFAULTS.type)
    .option('--digits <6|8>', 'tokencode length', arg(digits), OATH_DEFAULTS.digits)
    .option('--period <seconds>', 'TOTP time step', arg(period), OATH_DEFAULTS.period)
    .option('--counter <n>', 'HOTP: next counter value', arg(counter), OATH_DEFAULTS.counter)
    .option('--algorithm <SHA1|SHA256|SHA512>', 'HMAC hash', arg(algorithm), OATH_DEFAULTS.algorithm)
    .option(
      '--pin <pin>',
      'PIN, 4–8 letters or digits (sent only as a salted hash); - reads it from standard input (after --seed -)',
      secretArg(pin),
    );
}

export function oathOf(opts: OathOptions): NewToken['oath'] {
  return {
    type: opts.type,
    secretBase32: opts.seed,
    digits: opts.digits,
    period: opts.period,
    algorithm: opts.algorithm,
    counter: opts.counter,
  };
}

/** The parameters and PIN as given, the seed and PIN read from standard input where given as `-`. */
export async function oathAndPinOf(
  inv: Pick<Invocation, 'secret'>,
  opts: OathOptions,
): Promise<{ oath: NewToken['oath']; pin?: string }> {
  const seed = await inv.secret('--seed', opts.seed, base32Seed);
  const given = opts.pin === undefined ? undefined : await inv.secret('--pin', opts.pin, pin);
  return { oath: oathOf({ ...opts, seed }), ...(given ? { pin: given } : {}) };
}

/** "TOTP SHA1, 6 digits, 30 s": what a command says it assigned. */
export function describeOath(oath: NewToken['oath']): string {
  const detail = oath.type === 'totp' ? `${oath.period} s` : `counter ${oath.counter}`;
  return `${oath.type.toUpperCase()} ${oath.algorithm}, ${oath.digits} digits, ${detail}`;
}
