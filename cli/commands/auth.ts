// `ea auth USER PASSCODE [--serial SERIAL]`: exit 0 accepted, 1 rejected (spec §8).
import type { Command } from 'commander';
import { EaError } from '../../client/ea-service.js';
import { REJECTED } from '../../domain/token-authenticate.js';
import type { AuthResult } from '../../domain/views.js';
import { arg } from '../common-options.js';
import type { CliSession, CommonOptions } from '../session.js';
import { serial, userId } from '../../input/values.js';

interface AuthOptions extends CommonOptions {
  serial?: string;
}

const METHOD_NAMES: Record<NonNullable<AuthResult['method']>, string> = {
  token: "the token's own tokencode",
  'temporary-fixed': 'the temporary fixed tokencode',
  'one-time': 'a one-time tokencode',
  'on-demand': 'an on-demand tokencode',
};

export function registerAuth(program: Command, session: CliSession): void {
  program
    .command('auth')
    .description('check a passcode (PIN + tokencode); exit 0 accepted, 1 rejected')
    .argument('<user>', 'user id', arg(userId))
    .argument('<passcode>', 'PIN followed by the tokencode, no separator; - reads it from standard input')
    .option('--serial <serial>', 'check this token only (default: each of the user’s tokens)', arg(serial))
    .action(
      session.action(async (inv, opts: AuthOptions, user: string, passcode: string) => {
        const secret = await inv.secret('passcode', passcode);
        const service = await inv.service();
        const result = await service.authenticate(user, secret, opts.serial).catch((error: unknown) => {
          if (error instanceof EaError && error.code === 'not-found') return REJECTED;
          throw error;
        });
        if (!result.accepted) inv.reject();
        inv.out.result(result, (r) =>
          r.accepted && r.method
            ? `Accepted: ${METHOD_NAMES[r.method]} of token ${r.serial}.`
            : r.reason === 'rejected'
              ? 'Rejected.'
              : `Rejected: ${r.reason}.`,
        );
      }),
    );
}
