// `ea policy show` · `ea policy set KEY=VALUE…` (all or nothing) · `ea policy history` (spec §2).
import type { Command } from 'commander';
import { formatChance, GUESS_CHANCE_LIMIT } from '../../domain/guessing.js';
import { flattenPolicy, policyGuessingOdds } from '../../domain/policy.js';
import type { Policy, PolicyChange } from '../../domain/types.js';
import { formatInstant } from '../../input/instant.js';
import type { CliSession, CommonOptions } from '../session.js';
import { columns } from '../table.js';
import { addNoWaitOption, broadcastState, broadcasting, type WaitOptions } from '../broadcast-wait-option.js';

export function registerPolicy(program: Command, session: CliSession): void {
  const policy = program.command('policy').description('the emergency access policy');

  policy
    .command('show')
    .description('show the current policy, with the keys `policy set` takes')
    .action(
      session.action(async (inv) => {
        inv.out.result(withGuessing(await (await inv.service()).policy()), policyView);
      }),
    );

  addNoWaitOption(
    policy
      .command('set')
      .description('change policy keys together, or none of them if one is invalid; answers once every token has it')
      .argument('<assignments...>', 'KEY=VALUE pairs, e.g. tokenCode.setSize=10 lockout.duration=1h'),
  ).action(
    session.action(async (inv, opts: CommonOptions & WaitOptions, pairs: string[]) => {
      const assignments = parseAssignments(pairs, inv.usageError);
      const service = await inv.service();
      const updated = await broadcasting(inv, opts, (wait) => service.setPolicy(assignments, inv.meta, wait));
      inv.out.result({ ...withGuessing(updated), broadcast: broadcastState(opts) }, (p) =>
        opts.wait === false
          ? `${policyView(p)}\nTokens are being told of it; \`ea doctor\` shows those still on an older version.`
          : policyView(p),
      );
    }),
  );

  policy
    .command('history')
    .description('list policy changes: who, when, old → new')
    .action(
      session.action(async (inv) => {
        const history = await (await inv.service()).policyHistory();
        inv.out.result(history, (changes) => historyView(changes, inv.timeZone()));
      }),
    );
}

function parseAssignments(pairs: string[], usageError: (message: string) => never): Record<string, string> {
  const assignments: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) usageError(`"${pair}" is not KEY=VALUE`);
    const key = pair.slice(0, at).trim();
    if (key in assignments) usageError(`${key} is given twice`);
    assignments[key] = pair.slice(at + 1).trim();
  }
  return assignments;
}

/** The policy, and the odds it leaves a guesser (issue 16 item 10). */
function withGuessing(policy: Policy) {
  const odds = policyGuessingOdds(policy);
  return { ...policy, guessing: { ...odds, oneIn: Math.floor(1 / odds.chance), limit: GUESS_CHANCE_LIMIT } };
}

/** The policy under the keys `policy set` takes (spec §2), values written as people type them. */
function policyView(policy: ReturnType<typeof withGuessing>): string {
  const odds = `A guesser finds a valid emergency code within one emergency access with a chance of ${formatChance(policy.guessing.chance)} (at most ${formatChance(GUESS_CHANCE_LIMIT)} allowed).`;
  return `Policy version ${policy.version}\n${columns(['key', 'value'], Object.entries(flattenPolicy(policy)))}\n${odds}`;
}

function historyView(changes: PolicyChange[], timeZone: string): string {
  if (changes.length === 0) return 'The policy has not been changed (defaults apply).';
  return changes
    .map(
      (change) =>
        `version ${change.version}, ${formatInstant(change.at, timeZone)}, by ${change.actor}:\n${change.changes.map((c) => `  ${c.key}: ${c.from} → ${c.to}`).join('\n')}`,
    )
    .join('\n');
}
