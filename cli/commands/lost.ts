// `ea lost SERIAL [--reason …] [--kind] [--count] [--lifetime|--expires-at] [--if-found] [--deliver] [--self-service] [--regenerate]`
import { Option, type Command } from 'commander';
import type { LostOptions } from '../../client/ea-service.js';
import {
  DELIVERIES,
  EA_KINDS,
  FOUND_RULES,
  REASONS,
  type Delivery,
  type EaKind,
  type FoundRule,
  type Reason,
} from '../../domain/types.js';
import type { LostResult } from '../../domain/views.js';
import { arg } from '../common-options.js';
import { formatInstant } from '../../input/instant.js';
import type { CliSession, CommonOptions } from '../session.js';
import { duration, instant, integer, oneOf, serial } from '../../input/values.js';

interface LostCommandOptions extends CommonOptions {
  reason?: Reason;
  kind?: EaKind;
  count?: number;
  lifetime?: number;
  expiresAt?: string;
  ifFound?: FoundRule;
  deliver?: Delivery;
  selfService?: boolean;
  regenerate?: boolean;
}

export function registerLost(program: Command, session: CliSession): void {
  program
    .command('lost')
    .description('start emergency access on a token (or --regenerate its codes)')
    .argument('<serial>', 'token serial', arg(serial))
    .option(
      `--reason <${REASONS.join('|')}>`,
      'why the token cannot be used (with --regenerate: default, the running one)',
      arg(oneOf('--reason', REASONS)),
    )
    .option(
      `--kind <${EA_KINDS.join('|')}>`,
      'emergency code kind (default: the policy)',
      arg(oneOf('--kind', EA_KINDS)),
    )
    .option('--count <n>', 'codes in a one-time set (default: the policy)', arg(integer('--count', 1, 50)))
    .addOption(
      new Option('--lifetime <duration>', 'how long the codes stay active, e.g. 36h, 7d')
        .argParser(arg(duration))
        .conflicts('expiresAt'),
    )
    .option(
      '--expires-at <time>',
      'explicit end: ISO time, or a date (end of that day in TZ)',
      arg(instant(session.timeZone, 'end-of-day')),
    )
    .option(
      `--if-found <${FOUND_RULES.join('|')}>`,
      'what happens when the token is used again',
      arg(oneOf('--if-found', FOUND_RULES)),
    )
    .option(
      `--deliver <${DELIVERIES.join('|')}>`,
      'show the codes here (display) or send them to the user',
      arg(oneOf('--deliver', DELIVERIES)),
    )
    .option('--self-service', 'the user asks for themselves (the policy switches apply)')
    .option('--regenerate', 'already in emergency access: void the codes and issue new ones')
    .action(
      session.action(async (inv, opts: LostCommandOptions, serialNo: string) => {
        if (!opts.reason && !opts.regenerate) inv.usageError('give --reason (it may be left out with --regenerate)');
        const options: LostOptions = {
          reason: opts.reason,
          kind: opts.kind,
          count: opts.count,
          lifetimeMs: opts.lifetime,
          expiresAt: opts.expiresAt,
          ifFound: opts.ifFound,
          delivery: opts.deliver,
          selfService: opts.selfService,
          regenerate: opts.regenerate,
        };
        const result = await (await inv.service()).lost(serialNo, options, inv.meta);
        inv.out.result(result, (r) => lostView(r, opts.deliver, inv.timeZone()));
      }),
    );
}

function lostView(result: LostResult, delivery: Delivery | undefined, timeZone: string): string {
  const head = `Emergency access on token ${result.serial} (${result.reason}, ${result.kind}) until ${formatInstant(result.expiresAt, timeZone)}.`;
  if (result.codes.length > 0) {
    const label =
      result.codes.length === 1
        ? 'Emergency tokencode'
        : `One-time tokencodes (${result.codes.length}, each valid once)`;
    const codes = result.codes.map((code) => `      ${code}`).join('\n');
    return `${head}\n\n  ${label}: shown once; the user types PIN + code.\n\n${codes}\n`;
  }
  if (result.kind === 'on-demand')
    return `${head}\nThe user requests each code when needed (\`ea ondemand ${result.serial}\`); codes are sent, never shown.`;
  return `${head}\nThe codes were sent to the user${delivery && delivery !== 'display' ? ` by ${delivery}` : ''}; they are not shown here.`;
}
