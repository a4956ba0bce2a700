// `ea status SERIAL`: the token as the service sees it (JSON = TokenStatus, spec §8).
import type { Command } from 'commander';
import { arg } from '../common-options.js';
import type { CliSession, CommonOptions } from '../session.js';
import { tokenView } from '../token-view.js';
import { serial } from '../../input/values.js';

export function registerStatus(program: Command, session: CliSession): void {
  program
    .command('status')
    .description("show a token's state, emergency access, lock and replacement")
    .argument('<serial>', 'token serial', arg(serial))
    .action(
      session.action(async (inv, _opts: CommonOptions, serialNo: string) => {
        const status = await (await inv.service()).status(serialNo);
        inv.out.result(status, (s) => tokenView(s, inv.timeZone()));
      }),
    );
}
