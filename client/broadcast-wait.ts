// Waiting for a change's broadcast (policy, registry) to reach every workflow. A broadcast to a large
// fleet takes minutes, so there is no fixed deadline: the wait lasts while the broadcast advances
// and gives up only when it has not advanced for BROADCAST_STALL_MS (the change stays applied and
// the broadcast carries on; `broadcastProgress` on the workflow shows it).
import type { BroadcastProgress } from '../contract/messages.js';
import { EaError } from './ea-service.js';

export interface BroadcastWait {
  /** false: answer once the change is committed; the broadcast continues (default true). */
  wait?: boolean;
  /** Called with each new reading of the progress while waiting. */
  onProgress?: (progress: BroadcastProgress) => void;
}

export const BROADCAST_STALL_MS = 120_000;
const POLL_MS = 500;

/** Whether `progress` shows `version` (or a newer one) told to every workflow (idle: none to tell). */
export const reached = (progress: BroadcastProgress, version: number) =>
  progress.state !== 'running' && progress.version >= version;

/**
 * Polls `read`, reporting each new reading, until `finished` settles (its failure is the wait's) or
 * a reading is `done`; gives up (after `stalled`, which may cancel `finished`) once the broadcast
 * stopped advancing for `stallMs`.
 */
export async function awaitBroadcast(options: {
  what: string;
  read: () => Promise<BroadcastProgress>;
  onProgress?: (progress: BroadcastProgress) => void;
  finished?: Promise<unknown>;
  done?: (progress: BroadcastProgress) => boolean;
  stallMs?: number;
  stalled?: () => void;
}): Promise<void> {
  const stallMs = options.stallMs ?? BROADCAST_STALL_MS;
  let settled = false;
  const finished = options.finished?.finally(() => void (settled = true));
  const watch = async (): Promise<void> => {
    let last = '';
    let advancedAt = Date.now();
    for (;;) {
      const progress = await options.read().catch(() => null);
      if (settled) return;
      if (progress) {
        const seen = `${progress.version}:${progress.state}:${progress.done}:${progress.failed}`;
        if (seen !== last) {
          last = seen;
          advancedAt = Date.now();
          options.onProgress?.(progress);
        }
        if (options.done?.(progress)) return;
      }
      if (Date.now() - advancedAt > stallMs) {
        options.stalled?.();
        const told = progress ? ` (${progress.done} of ${progress.total} told)` : '';
        throw new EaError(
          'unavailable',
          `the broadcast of ${options.what} made no progress for ${stallMs / 1000} s${told}; the change is applied and the broadcast carries on (is \`ea worker\` running?)`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      if (settled) return;
    }
  };
  await Promise.race(finished ? [finished, watch()] : [watch()]);
}
