// `ea report lost SERIAL --reason …` · `ea report found SERIAL`: what an outside system (ticketing,
// asset management) sends with a `system` key, from a shell script: the token workflow's
// `reportLost`/`reportFound` signals with origin `system` (spec §5), sent through
// client/system-reports.ts as a TypeScript system sends them. A signal is not answered: exit 0 means
// the server took it; the token decides, and its audit shows what it did. No --kind, --if-found or
// lifetime: the token refuses them from any origin but `operator` (spec §3), and the refusal of a
// signal would only be seen in the audit; a system's report gets what the policy says.
import { randomUUID } from 'node:crypto';
import type { Command } from 'commander';
import type { ReportSent } from '../../client/ea-service.js';
import { REASONS, type Reason } from '../../domain/types.js';
import { oneOf, serial } from '../../input/values.js';
import { arg } from '../common-options.js';
import type { CliSession, CommonOptions, Invocation } from '../session.js';

interface ReportLostOptions extends CommonOptions {
  reason: Reason;
}

const FIRE_AND_FORGET = `
A report is a signal, fire-and-forget: exit 0 means the server took it, not that the token
acted on it. The token decides (your key's roles, its state, its policy); \`ea audit SERIAL\`
shows the outcome. Without --request-id a fresh one is made and printed: send again with it
to retry, and a repeat within 7 days is ignored.`;

export function registerReport(program: Command, session: CliSession): void {
  const report = program
    .command('report')
    .description('report a token lost or found as an outside system (signals, not answered)');

  report
    .command('lost')
    .description(
      "report a token lost: the token starts emergency access as its policy says and sends the codes to the user's contact",
    )
    .argument('<serial>', 'token serial', arg(serial))
    .requiredOption(`--reason <${REASONS.join('|')}>`, 'why the token cannot be used', arg(oneOf('--reason', REASONS)))
    .addHelpText(
      'after',
      `${FIRE_AND_FORGET}\nThe code kind, lifetime and found rule are the policy's: only an operator chooses them (\`ea lost\`).`,
    )
    .action(
      session.action(async (inv, opts: ReportLostOptions, serialNo: string) => {
        const sent = await (await inv.service()).reportLost(serialNo, { reason: opts.reason }, metaOf(inv));
        inv.out.result(sent, (s) => sentView(s, `lost (${opts.reason})`));
      }),
    );

  report
    .command('found')
    .description('report a token found: the token ends emergency access unless its found rule is deny')
    .argument('<serial>', 'token serial', arg(serial))
    .addHelpText('after', FIRE_AND_FORGET)
    .action(
      session.action(async (inv, _opts: CommonOptions, serialNo: string) => {
        const sent = await (await inv.service()).reportFound(serialNo, metaOf(inv));
        inv.out.result(sent, (s) => sentView(s, 'found'));
      }),
    );
}

/** The caller's request id, else a fresh one: printed either way, so a script can retry with it. */
function metaOf(inv: Invocation): { requestId: string } {
  return { requestId: inv.meta.requestId ?? randomUUID() };
}

function sentView(sent: ReportSent, what: string): string {
  return `Reported token ${sent.serial} ${what}, request id ${sent.requestId}: sent, not answered; \`ea audit ${sent.serial}\` shows the outcome.`;
}
