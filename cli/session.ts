// One run of `ea`: where output goes, the environment, how to reach the service, and the exit code.
// Commands get an Invocation per action: output in the mode they were asked for, the caller's
// identity, and a service connection opened on first use (so `--help` needs no server) and closed after.
import { userInfo } from 'node:os';
import type { Command } from 'commander';
import { EaError, type CallMeta, type EaService } from '../client/ea-service.js';
import { resolveTimeZone } from '../input/instant.js';
import { Output, type Streams } from './output.js';

export interface EaConnection {
  service: EaService;
  close(): Promise<void>;
}

export type Connect = (env: NodeJS.ProcessEnv) => Promise<EaConnection>;

export interface CliEnvironment extends Streams {
  env: NodeJS.ProcessEnv;
  connect: Connect;
}

/** The flags every command takes (addCommonOptions). */
export interface CommonOptions {
  json?: boolean;
  actor?: string;
  requestId?: string;
}

export interface Invocation {
  out: Output;
  meta: CallMeta;
  timeZone(): string;
  service(): Promise<EaService>;
  /** Ends the command as a usage error (exit 2), like commander's own. */
  usageError(message: string): never;
  /** Exit 1 although the command ran to the end: a rejected passcode, an import with skipped rows. */
  reject(): void;
}

export class CliSession {
  /** 0 unless a command ends without success but also without an error (a rejected passcode, skipped rows). */
  exitCode: 0 | 1 = 0;
  private json: boolean;

  constructor(
    readonly io: CliEnvironment,
    argv: readonly string[],
  ) {
    // Until commander has parsed the options, a usage error must still honour --json.
    const end = argv.indexOf('--');
    this.json = (end === -1 ? argv : argv.slice(0, end)).includes('--json');
  }

  get output(): Output {
    return new Output(this.io, this.json);
  }

  readonly timeZone = (): string => resolveTimeZone(this.io.env);

  /** Wraps a command's action: `run(invocation, options, ...arguments)`. */
  action<Opts extends CommonOptions, Args extends unknown[]>(
    run: (inv: Invocation, opts: Opts, ...args: Args) => Promise<void>,
  ) {
    return async (...commanderArgs: unknown[]): Promise<void> => {
      const command = commanderArgs.at(-1) as Command;
      const opts = command.opts<Opts>();
      this.json = opts.json === true;
      let connection: Promise<EaConnection> | undefined;
      const inv: Invocation = {
        out: this.output,
        meta: { actor: this.actor(opts.actor), ...(opts.requestId ? { requestId: opts.requestId } : {}) },
        timeZone: this.timeZone,
        service: async () => (await (connection ??= this.io.connect(this.io.env))).service,
        usageError: (message) => command.error(message, { exitCode: 2, code: 'ea.usage' }),
        reject: () => void (this.exitCode = 1),
      };
      try {
        await run(inv, opts, ...(command.processedArgs as Args));
      } finally {
        if (connection) await (await connection.catch(() => null))?.close();
      }
    };
  }

  private actor(flag: string | undefined): string {
    const actor = flag ?? (this.io.env.EA_ACTOR || osUser());
    if (!actor.trim() || actor.length > 200)
      throw new EaError('invalid', 'the actor name must be 1–200 characters (--actor or EA_ACTOR)');
    return actor;
  }
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    return 'unknown';
  }
}
