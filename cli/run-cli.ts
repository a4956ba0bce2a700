// Runs `ea` in this process: parse, act, print, and return the exit code (never calls process.exit),
// so tests and the end-to-end suite drive the real program with their own streams and service.
import { CommanderError } from 'commander';
import { toFailure } from './failure.js';
import { buildProgram } from './program.js';
import { CliSession, type CliEnvironment, type Connect } from './session.js';

/** Opened on first use only, so `--help` and bad usage never load the Temporal client. */
const connectEaService: Connect = async (env, signer) =>
  (await import('../client/connect-service.js')).connectEaService(env, signer);

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `argv` are the user's arguments (no node, no script). Returns 0–3 as in spec §8. */
export async function runCli(argv: readonly string[], io: Partial<CliEnvironment> = {}): Promise<number> {
  const session = new CliSession(
    {
      stdout: io.stdout ?? process.stdout,
      stderr: io.stderr ?? process.stderr,
      env: io.env ?? process.env,
      connect: io.connect ?? connectEaService,
      stdin: io.stdin ?? readStdin,
    },
    argv,
  );
  try {
    await buildProgram(session).parseAsync([...argv], { from: 'user' });
    return session.exitCode;
  } catch (error) {
    // --help and --version end through exitOverride too, with exit code 0.
    if (error instanceof CommanderError && error.exitCode === 0) return 0;
    const failure = toFailure(error);
    session.output.failure(failure);
    return failure.exitCode;
  }
}
