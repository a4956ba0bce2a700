// `ea user add ID [--name N] [--email E] [--mobile +E164] [--on-demand email|sms]`
import type { Command } from 'commander';
import type { UserInput } from '../../client/ea-service.js';
import { CHANNELS, type Channel, type User } from '../../domain/types.js';
import { arg } from '../common-options.js';
import type { CliSession, CommonOptions } from '../session.js';
import { email, mobile, oneOf, userId } from '../../input/values.js';

interface UserAddOptions extends CommonOptions {
  name?: string;
  email?: string;
  mobile?: string;
  onDemand?: Channel;
}

export function registerUser(program: Command, session: CliSession): void {
  const user = program.command('user').description('manage users');
  user
    .command('add')
    .description('create or update a user (at least one contact; flags left out keep their value)')
    .argument('<id>', 'user id', arg(userId))
    .option('--name <name>', 'display name')
    .option('--email <address>', 'e-mail address', arg(email))
    .option('--mobile <+E164>', 'mobile number, E.164', arg(mobile))
    .option('--on-demand <email|sms>', 'enable on-demand codes by this channel', arg(oneOf('--on-demand', CHANNELS)))
    .action(
      session.action(async (inv, opts: UserAddOptions, id: string) => {
        const input: UserInput = {
          id,
          name: opts.name,
          email: opts.email,
          mobile: opts.mobile,
          onDemand: opts.onDemand,
        };
        const result = await (await inv.service()).putUser(input, inv.meta);
        inv.out.result(result, ({ user, outcome }) => `User ${user.id} ${outcome}: ${describeUser(user)}`);
      }),
    );
}

function describeUser(user: User): string {
  const contacts = [user.email, user.mobile].filter((c) => c !== null).join(', ') || 'no contact';
  const onDemand = user.onDemand ? `on-demand codes by ${user.onDemand}` : 'no on-demand codes';
  return `${user.name}, ${contacts}, ${onDemand}`;
}
