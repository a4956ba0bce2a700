// `--no-wait` for the commands whose change is broadcast to every workflow (`policy set`,
// `principal add|revoke`): by default they answer once every workflow was told, showing progress
// on a terminal; with --no-wait, once the change is committed.
import type { Command } from 'commander';
import type { BroadcastWait } from '../client/broadcast-wait.js';
import type { BroadcastProgress } from '../contract/messages.js';
import type { Invocation } from './session.js';

export interface WaitOptions {
  /** commander's `--no-wait`: false when given. */
  wait?: boolean;
}

export function addNoWaitOption(command: Command): Command {
  return command.option(
    '--no-wait',
    'answer once the change is committed, not when every workflow was told; the broadcast carries on',
  );
}

/** Makes the change, waiting as `opts` say, with the progress line ended before anything else is printed. */
export async function broadcasting<T>(
  inv: Invocation,
  opts: WaitOptions,
  change: (wait: BroadcastWait) => Promise<T>,
): Promise<T> {
  try {
    return await change({ wait: opts.wait !== false, onProgress: (p) => inv.out.progress(progressLine(p)) });
  } finally {
    inv.out.progress(null);
  }
}

/** What the JSON answer adds: whether every workflow was told (`done`) or is still being told. */
export function broadcastState(opts: WaitOptions): 'done' | 'continuing' {
  return opts.wait === false ? 'continuing' : 'done';
}

export function progressLine(progress: BroadcastProgress): string {
  const failing = progress.failed > 0 ? `, ${progress.failed} failing (${progress.failing.join(', ')}), retried` : '';
  return `Telling workflows of version ${progress.version}: ${progress.done} of ${progress.total}${failing}`;
}
