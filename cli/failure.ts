// Every way a command can fail, reduced to what the caller sees: a code, a message, a hint for
// people, and the exit code of the contract (spec §8: 1 refused, 2 bad usage or input, 3 unreachable).
import { CommanderError } from 'commander';
import { EaError } from '../client/ea-service.js';
import type { FieldError } from '../domain/types.js';

export interface Failure {
  code: string;
  message: string;
  fields: FieldError[];
  exitCode: 1 | 2 | 3;
  /** What to do next, for people (not part of the JSON). */
  hint: string | null;
}

const HINTS: Record<string, string> = {
  unavailable:
    'Is the server running (`npx ea server` or `npm start`) with a worker (`npx ea worker`)? `npx ea doctor` checks both.',
  'not-found': 'Check the serial or user id; `npx ea status SERIAL` shows a token.',
  usage: 'Run `npx ea help` or add --help to the command for its usage.',
};

export function toFailure(error: unknown): Failure {
  if (error instanceof EaError) {
    return {
      code: error.code,
      message: error.message,
      fields: error.fields,
      exitCode: error.exitCode,
      hint: HINTS[error.code] ?? null,
    };
  }
  if (error instanceof CommanderError) {
    const code = error.code === 'commander.invalidArgument' ? 'invalid' : 'usage';
    // `ea` or `ea user` alone: commander has printed the command list on stderr already.
    const message =
      error.code === 'commander.help'
        ? 'a command is needed; the commands are listed above'
        : error.message.replace(/^error: /, '');
    return { code, message, fields: [], exitCode: 2, hint: HINTS.usage ?? null };
  }
  // A bug, not a verdict: report it plainly and let the caller see it did not happen.
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: `unexpected error: ${message}`, fields: [], exitCode: 1, hint: null };
}
