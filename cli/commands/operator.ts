// Operator actions: `ea unlock|disable|enable|unassign SERIAL` · `ea pin SERIAL --set PIN|--clear`.
import { Option, type Command } from 'commander';
import { arg, secretArg } from '../common-options.js';
import type { CliSession, CommonOptions } from '../session.js';
import { tokenView } from '../token-view.js';
import { pin, serial } from '../../input/values.js';
import { registerTokenAction } from './token-action.js';

interface PinOptions extends CommonOptions {
  set?: string;
  clear?: boolean;
}

export function registerOperator(program: Command, session: CliSession): void {
  registerTokenAction(program, session, 'unlock', 'unlock a token locked after failed passcodes', 'Token unlocked.');
  registerTokenAction(
    program,
    session,
    'disable',
    'disable a token: it accepts no passcode until enabled',
    'Token disabled.',
  );
  registerTokenAction(program, session, 'enable', 'enable a disabled token', 'Token enabled.');
  registerTokenAction(
    program,
    session,
    'unassign',
    'take the token from its user (it becomes retired)',
    'Token unassigned.',
  );

  program
    .command('pin')
    .description("set or clear a token's PIN")
    .argument('<serial>', 'token serial', arg(serial))
    .addOption(
      new Option('--set <pin>', 'new PIN, 4–8 letters or digits; - reads it from standard input')
        .argParser(secretArg(pin))
        .conflicts('clear'),
    )
    .option('--clear', 'remove the PIN: the tokencode alone is the passcode')
    .action(
      session.action(async (inv, opts: PinOptions, serialNo: string) => {
        if (opts.set === undefined && !opts.clear) inv.usageError('give --set PIN or --clear');
        const newPin = opts.set === undefined ? null : await inv.secret('--set', opts.set, pin);
        const status = await (await inv.service()).setPin(serialNo, newPin, inv.meta);
        inv.out.result(status, (s) => `${opts.clear ? 'PIN cleared.' : 'PIN set.'}\n${tokenView(s, inv.timeZone())}`);
      }),
    );
}
