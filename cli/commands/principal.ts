// `ea principal init [--name admin] [--key-out FILE]` · `ea principal add NAME --role ROLE[,ROLE]
// [--user ID] [--key-out FILE]` · `ea principal list` · `ea principal revoke NAME` (spec §5, §8).
// A new principal's key pair is made here: the private key is written to a file (mode 0600, never
// over another) before anything is sent, and only the public key leaves this machine. A key written
// for a registration the registry refused is removed again; one whose answer never came is kept.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { EaError } from '../../client/ea-service.js';
import {
  ADMIN_PRINCIPAL,
  KeyFileError,
  adminKeyPath,
  generateKey,
  keyPathIn,
  publicKeyText,
  readKeyFile,
  removeKeyFile,
  writeKeyFile,
  type PrincipalKey,
} from '../../client/keys.js';
import { formatInstant } from '../../input/instant.js';
import { principalName, roleList, userId } from '../../input/values.js';
import type { PrincipalRecord } from '../../trust/principal.js';
import { ROLES, type Role } from '../../trust/roles.js';
import { dataDirPath } from '../../worker/data-dir.js';
import { arg } from '../common-options.js';
import type { CliSession, CommonOptions, Invocation } from '../session.js';
import { columns } from '../table.js';
import { addNoWaitOption, broadcastState, broadcasting, type WaitOptions } from '../broadcast-wait-option.js';

interface InitOptions extends CommonOptions {
  name: string;
  keyOut?: string;
}

interface AddOptions extends CommonOptions, WaitOptions {
  role: Role[];
  user?: string;
  keyOut?: string;
}

/** A registration's answer: the record, and where its private key is. */
export type Registered = PrincipalRecord & { keyFile: string };

export function registerPrincipal(program: Command, session: CliSession): void {
  const principal = program
    .command('principal')
    .description('the principals that sign requests: their keys, roles and state');

  principal
    .command('init')
    .description(
      'register the first admin of an empty registry; writes its new private key (mode 0600) and signs with it',
    )
    .option('--name <name>', 'the admin principal name', arg(principalName), ADMIN_PRINCIPAL)
    .option(
      '--key-out <file>',
      'where to write the private key (default: <data>/keys/admin.key; an existing key there is used)',
    )
    .action(
      session.action(async (inv, opts: InitOptions) => {
        const service = await inv.service();
        const registered = await service.principals();
        if (registered.length > 0) {
          const admins = registered.filter((p) => p.roles.includes('admin')).map((p) => p.name);
          throw new EaError(
            'refused',
            `the registry already has an admin (${admins.join(', ') || registered[0]!.name}); \`ea principal add\` adds principals`,
          );
        }
        const keyFile = resolve(opts.keyOut ?? adminKeyPath(dataDirPath(inv.env)));
        const { key, created } = keyFor(keyFile, opts.name);
        const record = await registering(keyFile, created, () => service.initPrincipals(key, inv.meta));
        inv.out.result({ ...record, keyFile }, (r) => registeredView(r, inv, created));
      }),
    );

  addNoWaitOption(
    principal
      .command('add')
      .description('register a new principal with a fresh key pair, signed by your key (an admin)')
      .argument('<name>', 'principal name: 1–64 letters, digits, . _ @ or -', arg(principalName))
      .requiredOption('--role <roles>', `one or more of ${ROLES.join(', ')}, comma-separated`, arg(roleList))
      .option('--user <id>', 'selfservice only: the one user it acts for', arg(userId))
      .option('--key-out <file>', 'where to write the private key (default: <data>/keys/NAME.key)'),
  ).action(
    session.action(async (inv, opts: AddOptions, name: string) => {
      if (opts.role.includes('selfservice') !== (opts.user !== undefined))
        inv.usageError('a selfservice principal needs --user ID, and only a selfservice principal takes one');
      const service = await inv.service();
      const keyFile = resolve(opts.keyOut ?? keyPathIn(dataDirPath(inv.env), name));
      const key = generateKey(name);
      writeKeyFile(keyFile, key);
      const principal = {
        name,
        publicKey: publicKeyText(key),
        roles: opts.role,
        ...(opts.user ? { user: opts.user } : {}),
      };
      const record = await registering(keyFile, true, () =>
        broadcasting(inv, opts, (wait) => service.addPrincipal(principal, inv.meta, wait)),
      );
      inv.out.result({ ...record, keyFile, broadcast: broadcastState(opts) }, (r) =>
        opts.wait === false
          ? `${registeredView(r, inv, true)}\nWorkflows are being told of it; one not told yet reads the registry when it first sees ${r.name}.`
          : registeredView(r, inv, true),
      );
    }),
  );

  principal
    .command('list')
    .description('list the registered principals: name, roles, state, user, when added and revoked')
    .action(
      session.action(async (inv) => {
        const records = await (await inv.service()).principals();
        inv.out.result(records, (list) => listView(list, inv.timeZone()));
      }),
    );

  addNoWaitOption(
    principal
      .command('revoke')
      .description('revoke a principal: nothing it signs is accepted any more; answers once every workflow knows')
      .argument('<name>', 'principal name', arg(principalName)),
  ).action(
    session.action(async (inv, opts: CommonOptions & WaitOptions, name: string) => {
      const service = await inv.service();
      const record = await broadcasting(inv, opts, (wait) => service.revokePrincipal(name, inv.meta, wait));
      inv.out.result({ ...record, broadcast: broadcastState(opts) }, (r) => {
        const revoked = `Principal ${r.name} revoked at ${formatInstant(r.revokedAt ?? '', inv.timeZone())}.`;
        return opts.wait === false
          ? `${revoked}\nWorkflows are being told of it: until that ends, one not told yet may still accept ${r.name}'s requests.`
          : revoked;
      });
    }),
  );
}

/** The key at `keyFile` if it is `name`'s (a retry uses it), else a fresh one written there. */
function keyFor(keyFile: string, name: string): { key: PrincipalKey; created: boolean } {
  if (existsSync(keyFile)) {
    const key = readKeyFile(keyFile);
    if (key.principal !== name)
      throw new KeyFileError(`${keyFile} holds the key of ${key.principal}, not ${name}; choose another --key-out`);
    return { key, created: false };
  }
  const key = generateKey(name);
  writeKeyFile(keyFile, key);
  return { key, created: true };
}

/**
 * Sends a registration. A refusal or bad input removes a key written for it; without an answer the
 * registration may have happened, so the key stays and the message says where.
 */
async function registering(
  keyFile: string,
  created: boolean,
  send: () => Promise<PrincipalRecord>,
): Promise<PrincipalRecord> {
  try {
    return await send();
  } catch (error) {
    if (!(error instanceof EaError) || error.code !== 'unavailable') {
      if (created) removeKeyFile(keyFile);
      throw error;
    }
    throw new EaError(
      'unavailable',
      `${error.message}; the new private key stays in ${keyFile} in case it was registered (\`ea principal list\` shows)`,
      [],
      { cause: error },
    );
  }
}

function registeredView(record: Registered, inv: Invocation, created: boolean): string {
  const user = record.user ? ` for user ${record.user}` : '';
  const where = created ? `private key written to ${record.keyFile} (mode 0600)` : `private key in ${record.keyFile}`;
  return [
    `Principal ${record.name} registered (${record.roles.join(', ')}${user}) at ${formatInstant(record.addedAt, inv.timeZone())}.`,
    `Its ${where}; sign as ${record.name} with --key ${record.keyFile} or EA_KEY=${record.keyFile}.`,
  ].join('\n');
}

function listView(records: PrincipalRecord[], timeZone: string): string {
  if (records.length === 0) return 'No principals are registered; `ea principal init` registers the first admin.';
  return columns(
    ['NAME', 'ROLES', 'STATE', 'USER', 'ADDED', 'REVOKED'],
    records.map((r) => [
      r.name,
      r.roles.join(','),
      r.state,
      r.user ?? '-',
      formatInstant(r.addedAt, timeZone),
      r.revokedAt ? formatInstant(r.revokedAt, timeZone) : '-',
    ]),
  );
}
