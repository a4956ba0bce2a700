// `ea namespace setup [--retention D]`: on a cluster, registers the search attributes and sets the
// namespace's retention (worker/namespace-setup.ts), the namespace and server named as every command
// names them (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, profiles). Run it again: nothing changes.
import { Option, type Command } from 'commander';
import { EaError } from '../../client/ea-service.js';
import { DEFAULT_RETENTION_DAYS } from '../../worker/prepare-namespace.js';
import type { NamespaceSetup } from '../../worker/namespace-setup.js';
import { duration } from '../../input/values.js';
import { arg } from '../common-options.js';
import type { CliSession, CommonOptions } from '../session.js';

const DAY_MS = 86_400_000;
/** Temporal's own bounds: a cluster refuses less than a day by default; ten years is plenty. */
const MAX_RETENTION_DAYS = 3_650;

/** `7d`, `30d`, `48h` → days; whole hours from one day to ten years. */
const retentionDays = arg((text) => {
  const ms = duration(text);
  if (ms % 3_600_000 !== 0 || ms < DAY_MS || ms > MAX_RETENTION_DAYS * DAY_MS)
    throw new EaError('invalid', `retention: whole hours from 1d to ${MAX_RETENTION_DAYS}d, got ${text}`);
  return ms / DAY_MS;
});

export function registerNamespace(program: Command, session: CliSession): void {
  program
    .command('namespace')
    .description("the Temporal namespace's set-up (on a cluster; `ea server` does it for the embedded one)")
    .command('setup')
    .description('register the search attributes and set the retention; changes only what differs')
    .addOption(
      new Option('--retention <duration>', 'how long closed workflows are kept (e.g. 7d)')
        .argParser(retentionDays)
        .default(DEFAULT_RETENTION_DAYS, `${DEFAULT_RETENTION_DAYS}d`),
    )
    .action(
      session.action(async (inv, opts: CommonOptions & { retention: number }) => {
        const [{ Connection }, { loadConnectConfig }, { CONNECT_TIMEOUT_MS }, { setUpNamespace }] = await Promise.all([
          import('@temporalio/client'),
          import('../../worker/connection-config.js'),
          import('../../client/connect-service.js'),
          import('../../worker/namespace-setup.js'),
        ]);
        // No payload key needed: nothing here is encoded.
        const { connectionOptions, namespace } = loadConnectConfig(inv.env);
        const connection = await Connection.connect({ ...connectionOptions, connectTimeout: CONNECT_TIMEOUT_MS }).catch(
          (error: Error) => {
            throw new EaError(
              'unavailable',
              `cannot reach the Temporal server at ${connectionOptions.address} (${error.message})`,
            );
          },
        );
        try {
          inv.out.result(await setUpNamespace(connection, namespace, opts.retention), view);
        } finally {
          await connection.close();
        }
      }),
    );
}

function view({ namespace, searchAttributes, retention, changed }: NamespaceSetup): string {
  const days = (n: number) => `${n} day${n === 1 ? '' : 's'}`;
  const attributes = searchAttributes.added.length
    ? `registered ${searchAttributes.added.join(', ')}`
    : `all ${searchAttributes.present.length} search attributes registered already`;
  const kept = retention.changed
    ? `retention ${days(retention.previousDays)} → ${days(retention.days)}`
    : `retention ${days(retention.days)} already`;
  return `namespace ${namespace}: ${changed ? '' : 'nothing changed; '}${attributes}; ${kept}.`;
}
