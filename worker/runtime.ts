// The SDK's process-wide runtime, installed once before any connection: warnings and errors only,
// so the dashboard's terminal and the CLI's stdout stay clean.
import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

export function installRuntime(level: 'WARN' | 'ERROR' | 'INFO' = 'WARN'): void {
  if (installed) return;
  installed = true;
  try {
    Runtime.install({ logger: new DefaultLogger(level) });
  } catch {
    // Already installed by someone else in this process (tests): theirs stands.
  }
}
