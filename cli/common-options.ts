// The flags every `ea` command takes (spec §8), and the bridge from our value parsers to commander
// so that a bad value is a usage error (exit 2) with the parser's message.
import { InvalidArgumentError, type Command } from 'commander';
import type { Parse } from '../input/values.js';

/** A secret given as this is read from standard input (spec §8), so argv never holds it. */
export const FROM_STDIN = '-';

/** Adds --json, --key and --request-id to every command below `command` that has no subcommands (after its own flags, for --help). */
export function addCommonOptions(command: Command): void {
  if (command.commands.length) {
    command.commands.forEach(addCommonOptions);
    return;
  }
  command
    .option('--json', 'print one JSON document (JSON lines for streams) and nothing else on stdout')
    .option(
      '--key <file>',
      "your principal's private key file (default: $EA_KEY, else <data>/keys/admin.key)",
      nonEmpty,
    )
    .option('--request-id <id>', 'idempotency key: a repeat with the same id is ignored', nonEmpty);
}

/** Adapts a value parser to commander's argParser. */
export function arg<T>(parse: Parse<T>): (text: string) => T {
  return (text) => {
    try {
      return parse(text);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

/** Like `arg`, but `-` passes as is: the secret is read and checked later (Invocation.secret). */
export function secretArg(parse: Parse<string>): (text: string) => string {
  const parsed = arg(parse);
  return (text) => (text === FROM_STDIN ? text : parsed(text));
}

function nonEmpty(text: string): string {
  if (!text.trim()) throw new InvalidArgumentError('must not be empty');
  return text;
}
