// A command that applies one operator action to one token and shows the token afterwards
// (found, clear, unlock, disable, enable, unassign).
import type { Command } from 'commander';
import type { OperatorAction } from '../../client/ea-service.js';
import { arg } from '../common-options.js';
import type { CliSession, CommonOptions } from '../session.js';
import { tokenView } from '../token-view.js';
import { serial } from '../../input/values.js';

export function registerTokenAction(
  program: Command,
  session: CliSession,
  action: OperatorAction,
  description: string,
  done: string,
): void {
  program
    .command(action)
    .description(description)
    .argument('<serial>', 'token serial', arg(serial))
    .action(
      session.action(async (inv, _opts: CommonOptions, serialNo: string) => {
        const status = await (await inv.service()).action(serialNo, action, inv.meta);
        inv.out.result(status, (s) => `${done}\n${tokenView(s, inv.timeZone())}`);
      }),
    );
}
