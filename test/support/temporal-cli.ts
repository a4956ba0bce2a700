// The real `temporal` CLI, as someone who reached the server would use it: plain JSON payloads,
// none of our client's checks or signatures.
import { execFile } from 'node:child_process';
import { inject } from 'vitest';
import { findBinary } from '../../worker/binaries.js';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export function temporalCli(namespace: string, args: string[]): Promise<CliRun> {
  const argv = [...args, '--address', inject('temporalAddress'), '--namespace', namespace];
  return new Promise((resolve) => {
    execFile(findBinary('temporal'), argv, { timeout: 30_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** `temporal workflow update execute`: an update with one JSON argument. */
export const cliUpdate = (namespace: string, workflowId: string, name: string, input: unknown) =>
  temporalCli(namespace, [
    'workflow',
    'update',
    'execute',
    '--workflow-id',
    workflowId,
    '--name',
    name,
    '--input',
    JSON.stringify(input),
  ]);

/** `temporal workflow signal`: a signal with one JSON argument. */
export const cliSignal = (namespace: string, workflowId: string, name: string, input: unknown) =>
  temporalCli(namespace, [
    'workflow',
    'signal',
    '--workflow-id',
    workflowId,
    '--name',
    name,
    '--input',
    JSON.stringify(input),
  ]);
