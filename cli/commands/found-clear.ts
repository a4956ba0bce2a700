// `ea found SERIAL` · `ea clear SERIAL`: end emergency access (spec §1 "token found report", §3 "clear EA").
import type { Command } from 'commander';
import type { CliSession } from '../session.js';
import { registerTokenAction } from './token-action.js';

export function registerFoundClear(program: Command, session: CliSession): void {
  registerTokenAction(
    program,
    session,
    'found',
    "report the token found: ends emergency access, the token's own code works again",
    'Token reported found.',
  );
  registerTokenAction(
    program,
    session,
    'clear',
    'end emergency access (operator): every emergency code stops working',
    'Emergency access cleared.',
  );
}
