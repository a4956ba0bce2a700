// A real terminal for end-to-end tests: a detached tmux session on a tmux server of its own (a
// private socket), so the test never touches anyone's tmux and `kill()` ends only what it started.
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SESSION = 'e2e';
const POLL_MS = 100;

export interface TerminalOptions {
  /** The whole environment of the program (the tmux server starts with it). */
  env: NodeJS.ProcessEnv;
  cwd: string;
  columns?: number;
  rows?: number;
}

export interface ProgramExit {
  code: number | null;
  signal: number | null;
}

export interface Terminal {
  /** A key by its tmux name: 'Enter', 'Right', 'Down', 'Escape', 'C-c'. */
  press(key: string): Promise<void>;
  /** Characters sent as they are, not as key names. */
  type(text: string): Promise<void>;
  /** Polls the visible screen until `done` holds; fails with the last screen after the deadline. */
  waitFor(done: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  /** How the program ended, once it has; fails after the deadline. */
  waitForExit(timeoutMs?: number): Promise<ProgramExit>;
  kill(): Promise<void>;
}

/** Tries `attempt` until it yields a value; fails with `failure()` after the deadline. */
async function poll<T>(
  attempt: () => Promise<T | null>,
  timeoutMs: number,
  failure: () => Promise<string>,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await attempt();
    if (value !== null) return value;
    if (Date.now() > deadline) throw new Error(await failure());
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Runs `command` (program and arguments, no shell) in a fresh terminal of the given size. */
export async function startTerminal(command: readonly string[], options: TerminalOptions): Promise<Terminal> {
  const socket = `ea-e2e-${randomUUID().slice(0, 8)}`;
  const tmux = async (...args: string[]) =>
    (await run('tmux', ['-L', socket, '-f', '/dev/null', ...args], { env: options.env })).stdout;
  // remain-on-exit keeps the pane (its last screen and exit status) after the program ends; set
  // before the session starts, so even a program that dies at once leaves them.
  await tmux(
    'start-server',
    ';',
    'set-option',
    '-g',
    'remain-on-exit',
    'on',
    ';',
    'new-session',
    '-d',
    '-s',
    SESSION,
    '-x',
    String(options.columns ?? 120),
    '-y',
    String(options.rows ?? 40),
    '-c',
    options.cwd,
    '--',
    ...command,
  );
  const screen = () => tmux('capture-pane', '-p', '-t', SESSION);
  return {
    press: async (key) => void (await tmux('send-keys', '-t', SESSION, key)),
    type: async (text) => void (await tmux('send-keys', '-t', SESSION, '-l', text)),
    waitFor(done, what, timeoutMs = 30_000) {
      const attempt = async () => {
        const shown = await screen();
        return done(shown) ? shown : null;
      };
      return poll(attempt, timeoutMs, async () => `the terminal never showed ${what}; last screen:\n${await screen()}`);
    },
    waitForExit(timeoutMs = 30_000) {
      const attempt = async (): Promise<ProgramExit | null> => {
        const [dead, code, signal, serverPid] = (
          await tmux(
            'display-message',
            '-p',
            '-t',
            SESSION,
            '#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}:#{pid}',
          )
        )
          .trim()
          .split(':');
        if (dead !== '1') return null;
        if (code || signal) return { code: code ? Number(code) : null, signal: signal ? Number(signal) : null };
        // Dead (its terminal closed) but not reaped yet. A tmux built with libutempter runs utempter's
        // helper when the terminal closes and misses a SIGCHLD that comes meanwhile (tmux/tmux#311):
        // node's exit often lands there (about half the time on a loaded machine), and the program
        // then stays a zombie for good, its status never shown. Another SIGCHLD makes tmux reap it.
        process.kill(Number(serverPid), 'SIGCHLD');
        return null;
      };
      return poll(attempt, timeoutMs, async () => `the program never ended; last screen:\n${await screen()}`);
    },
    async kill() {
      await tmux('kill-server').catch(() => undefined); // already gone is fine
    },
  };
}
