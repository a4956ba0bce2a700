// One run of `ea`: where output goes, the environment, how to reach the service, and the exit code.
// Commands get an Invocation per action: output in the mode they were asked for, the caller's
// identity (the key that signs: --key, else EA_KEY, else the data folder's admin key, read only
// when a request is signed), and a service connection opened on first use (so `--help` needs no
// server) and closed after.
import type { Command } from 'commander';
import type { CallMeta, EaService } from '../client/ea-service.js';
import { keyFileOf } from '../client/keys.js';
import { EaError } from '../client/ea-service.js';
import { keyFileSigner, type Signer } from '../client/signer.js';
import { resolveTimeZone } from '../input/instant.js';
import type { Parse } from '../input/values.js';
import { FROM_STDIN } from './common-options.js';
import { Output, type Streams, type Writer } from './output.js';

export interface EaConnection {
  service: EaService;
  close(): Promise<void>;
}

/** Opens the service that signs with `signer`. */
export type Connect = (env: NodeJS.ProcessEnv, signer: Signer) => Promise<EaConnection>;

export interface CliEnvironment extends Streams {
  env: NodeJS.ProcessEnv;
  connect: Connect;
  /** All of standard input, read when a secret is given as `-`. */
  stdin: () => Promise<string>;
}

/** The flags every command takes (addCommonOptions). */
export interface CommonOptions {
  json?: boolean;
  key?: string;
  requestId?: string;
}

export interface Invocation {
  out: Output;
  /** Standard error, for what goes beside the result (an import's progress). */
  stderr: Writer;
  /** The environment `ea` runs in (EA_DATA_DIR and the like). */
  env: NodeJS.ProcessEnv;
  meta: CallMeta;
  timeZone(): string;
  service(): Promise<EaService>;
  /** Ends the command as a usage error (exit 2), like commander's own. */
  usageError(message: string): never;
  /** Exit 1 although the command ran to the end: a rejected passcode, an import with skipped rows. */
  reject(): void;
  /**
   * The secret `value` given for `name`, or for `-` the next line of standard input, checked by
   * `parse`; errors never repeat the secret. Call in the order the command lists its secrets.
   */
  secret(name: string, value: string, parse?: Parse<string>): Promise<string>;
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
      let stdinLines: Promise<string[]> | undefined;
      // Read on first use: a command that only reads never needs the key.
      const signer = keyFileSigner(keyFileOf(this.io.env, opts.key));
      const inv: Invocation = {
        out: this.output,
        stderr: this.io.stderr,
        env: this.io.env,
        meta: opts.requestId ? { requestId: opts.requestId } : {},
        timeZone: this.timeZone,
        service: async () => (await (connection ??= this.io.connect(this.io.env, signer))).service,
        usageError: (message) => command.error(message, { exitCode: 2, code: 'ea.usage' }),
        reject: () => void (this.exitCode = 1),
        secret: async (name, value, parse = (text) => text) => {
          if (value !== FROM_STDIN) return value;
          const line = (stdinLines ??= this.io.stdin().then((text) => text.split(/\r?\n/))).then((lines) =>
            lines.shift(),
          );
          const text = await line;
          if (text === undefined || text === '')
            throw new EaError('invalid', `${name}: standard input ended before this secret (one line per \`-\`)`);
          try {
            return parse(text);
          } catch (error) {
            throw new EaError('invalid', `${name}: ${(error as Error).message}`);
          }
        },
      };
      try {
        await run(inv, opts, ...(command.processedArgs as Args));
      } finally {
        if (connection) await (await connection.catch(() => null))?.close();
      }
    };
  }
}
