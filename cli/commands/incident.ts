// `ea incident start (--serials FILE | --user-prefix P | --state S) --reason R [--kind K] [--deliver email|sms]`
// · `ea incident status ID` · `ea incident pause|resume|cancel ID` (issue 18 item 3): many tokens
// reported lost at once by one durable workflow, which the workers run to the end.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { bootstrapIncidentReporter, INCIDENT_PRINCIPAL } from '../../client/bootstrap.js';
import { EaError, type NewIncident } from '../../client/ea-service.js';
import { keyPathIn } from '../../client/keys.js';
import { MAX_INCIDENT_SERIALS, type IncidentSelection } from '../../contract/payload-schemas.js';
import type { Control, IncidentStatus } from '../../domain/incident.js';
import {
  CHANNELS,
  EA_KINDS,
  REASONS,
  TOKEN_STATES,
  type Channel,
  type EaKind,
  type Reason,
  type TokenStateName,
} from '../../domain/types.js';
import { formatInstant } from '../../input/instant.js';
import { oneOf, serial } from '../../input/values.js';
import { dataDir } from '../../worker/data-dir.js';
import { hasExternalServer } from '../../worker/connection-config.js';
import { arg } from '../common-options.js';
import type { CliSession, CommonOptions, Invocation } from '../session.js';

interface StartOptions extends CommonOptions {
  serials?: string;
  userPrefix?: string;
  state?: TokenStateName;
  reason: Reason;
  kind?: EaKind;
  deliver?: Channel;
}

/** An incident's id is its workflow's (`incident-<ID>`): the start's request id, in this form. */
const INCIDENT_ID = /^[A-Za-z0-9._-]{1,64}$/;
const incidentId = (text: string) => {
  if (!INCIDENT_ID.test(text))
    throw new EaError('invalid', `"${text}" is not an incident id (1–64 letters, digits, . _ or -)`);
  return text;
};

export function registerIncident(program: Command, session: CliSession): void {
  const incident = program
    .command('incident')
    .description('report many tokens lost at once (a stolen bag, a recalled model), durably, with progress');

  incident
    .command('start')
    .description("report the selected tokens lost; each user's codes go to their contact on file")
    .option('--serials <file>', 'a file of serials, one a line (# starts a comment)')
    .option('--user-prefix <prefix>', 'every token whose user id starts with this')
    .option(`--state <${TOKEN_STATES.join('|')}>`, 'every token in this state', arg(oneOf('--state', TOKEN_STATES)))
    .requiredOption(`--reason <${REASONS.join('|')}>`, 'why the tokens cannot be used', arg(oneOf('--reason', REASONS)))
    .option(
      `--kind <${EA_KINDS.join('|')}>`,
      "the codes' kind: tokens refuse it from the incident's system principal (only operators choose); leave it out for the policy's",
      arg(oneOf('--kind', EA_KINDS)),
    )
    .option(
      `--deliver <${CHANNELS.join('|')}>`,
      "where codes go (default: each user's preferred contact)",
      arg(oneOf('--deliver', CHANNELS)),
    )
    .addHelpText(
      'after',
      `
The incident's id is --request-id when given (starting it again answers with it as it is), else a
fresh one. The workers report each token with the \`${INCIDENT_PRINCIPAL}\` principal's key (role system,
<data>/keys/${INCIDENT_PRINCIPAL}.key), so each token decides as for a system's report: the policy switches
apply. In the embedded default that key is made and registered here, by the data folder's admin.`,
    )
    .action(
      session.action(async (inv, opts: StartOptions) => {
        const selection = await selectionOf(opts, inv);
        if (opts.requestId !== undefined && !INCIDENT_ID.test(opts.requestId))
          inv.usageError(`--request-id names the incident: 1–64 letters, digits, . _ or -`);
        const service = await inv.service();
        if (!hasExternalServer(inv.env))
          await bootstrapIncidentReporter(service, keyPathIn(dataDir(inv.env), INCIDENT_PRINCIPAL));
        const request: NewIncident = { selection, reason: opts.reason, kind: opts.kind, delivery: opts.deliver };
        const status = await service.startIncident(request, inv.meta);
        inv.out.result(status, (s) => statusView(s, inv));
      }),
    );

  incident
    .command('status')
    .description('an incident: state, tokens selected, done, failed, and the last failures')
    .argument('<id>', 'incident id', arg(incidentId))
    .action(
      session.action(async (inv, _opts: CommonOptions, id: string) => {
        inv.out.result(await (await inv.service()).incidentStatus(id), (s) => statusView(s, inv));
      }),
    );

  for (const [action, does] of [
    ['pause', 'stop after the page in flight, until resumed'],
    ['resume', 'go on with a paused incident'],
    ['cancel', 'stop for good after the page in flight'],
  ] as const) {
    incident
      .command(action)
      .description(`${action} an incident: ${does}`)
      .argument('<id>', 'incident id', arg(incidentId))
      .action(
        session.action(async (inv, _opts: CommonOptions, id: string) => {
          const status = await (await inv.service()).controlIncident(id, action satisfies Control, inv.meta);
          inv.out.result(status, (s) => statusView(s, inv));
        }),
      );
  }
}

/** Exactly one of the three selections; a serials file read and checked line by line. */
async function selectionOf(opts: StartOptions, inv: Invocation): Promise<IncidentSelection> {
  const given = [opts.serials, opts.userPrefix, opts.state].filter((v) => v !== undefined);
  if (given.length !== 1) inv.usageError('give exactly one of --serials FILE, --user-prefix P and --state S');
  if (opts.userPrefix !== undefined) return { userPrefix: opts.userPrefix };
  if (opts.state !== undefined) return { state: opts.state };
  const file = resolve(opts.serials!);
  const text = await readFile(file, 'utf8').catch((error: Error) => {
    throw new EaError('invalid', `cannot read ${file}: ${error.message}`);
  });
  const serials = new Set<string>();
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const value = line.replace(/#.*/, '').trim();
    if (value === '') continue;
    try {
      serials.add(serial(value));
    } catch (error) {
      throw new EaError('invalid', `${file} line ${index + 1}: ${(error as Error).message}`);
    }
  }
  if (serials.size === 0) throw new EaError('invalid', `${file} names no serial`);
  if (serials.size > MAX_INCIDENT_SERIALS)
    throw new EaError(
      'invalid',
      `${file} names ${serials.size} serials; at most ${MAX_INCIDENT_SERIALS} (use --user-prefix or --state for more)`,
    );
  return { serials: [...serials] };
}

function statusView(s: IncidentStatus, inv: Invocation): string {
  const lines = [
    `Incident ${s.id}: ${s.state}, ${s.done} done, ${s.failed} failed of ${s.total}`,
    `  ${s.reason}${s.kind ? `, ${s.kind}` : ''}, codes by ${s.delivery ?? "each user's preferred contact"}; started by ${s.startedBy} ${formatInstant(s.startedAt, inv.timeZone())}`,
    ...s.failures.map((f) => `  ${f.serial}: ${f.reason}`),
  ];
  return lines.join('\n');
}
