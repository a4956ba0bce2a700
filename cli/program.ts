// The `ea` command tree (spec §8). Each group of commands lives in its own file under commands/;
// the platform engineer's commands (server, worker, dashboard, start, doctor, codec-server) join here.
import { Command } from 'commander';
import { addCommonOptions } from './common-options.js';
import { registerAudit } from './commands/audit.js';
import { registerAuth } from './commands/auth.js';
import { registerExtend } from './commands/extend.js';
import { registerFoundClear } from './commands/found-clear.js';
import { registerImport } from './commands/import.js';
import { registerIncident } from './commands/incident.js';
import { registerLost } from './commands/lost.js';
import { registerOnDemand } from './commands/ondemand.js';
import { registerNamespace } from './commands/namespace.js';
import { registerOperator } from './commands/operator.js';
import { registerPolicy } from './commands/policy.js';
import { registerPrincipal } from './commands/principal.js';
import { registerReplacement } from './commands/replacement.js';
import { registerReport } from './commands/report.js';
import { registerStatus } from './commands/status.js';
import { registerToken } from './commands/token.js';
import { registerUser } from './commands/user.js';
import { registerPlatformCommands } from './platform/register.js';
import type { CliSession } from './session.js';

export function buildProgram(session: CliSession): Command {
  const program = new Command('ea')
    .description('Emergency access for MFA tokens')
    // Inherited by every subcommand added below: errors are thrown to runCli, which prints them in
    // the caller's mode (--json or not) and exits 2 for usage errors.
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void session.io.stdout.write(text),
      writeErr: (text) => void session.io.stderr.write(text),
      outputError: () => undefined,
    })
    .showSuggestionAfterError();
  for (const register of [
    registerUser,
    registerToken,
    registerImport,
    registerLost,
    registerFoundClear,
    registerAuth,
    registerOnDemand,
    registerStatus,
    registerExtend,
    registerOperator,
    registerReplacement,
    registerPolicy,
    registerAudit,
    registerPrincipal,
    registerReport,
    registerNamespace,
    registerIncident,
  ]) {
    register(program, session);
  }
  program.commands.forEach(addCommonOptions);
  registerPlatformCommands(program);
  return program;
}
