// Replay protection for workflows that keep no request log of their own (the user and policy
// workflows): the request ids they were sent, for as long as a signature could still pass as fresh.
// A request is fresh within MAX_SKEW_MS of its signing time either way, so an id seen at t can come
// back as fresh until at most t + 2 × MAX_SKEW_MS; after that freshness refuses it, and the memory
// stays bounded by the requests of the last ten minutes. Pure: the workflow passes its time.
import { MAX_SKEW_MS } from './authorize.js';

export const REPLAY_WINDOW_MS = 2 * MAX_SKEW_MS;

/** requestId → when it was first seen (epoch ms); what continue-as-new carries. */
export type RecentRequestsSnapshot = Record<string, number>;

export class RecentRequests {
  private readonly ids: Map<string, number>;

  constructor(carried?: RecentRequestsSnapshot) {
    this.ids = new Map(Object.entries(carried ?? {}).filter(([, at]) => Number.isFinite(at)));
  }

  /**
   * Whether `requestId` was already seen within the window; if not, it is remembered now. One step,
   * so two copies of a request decided in the same activation cannot both pass as new.
   */
  seenBefore(requestId: string, nowMs: number): boolean {
    for (const [id, at] of this.ids) if (nowMs - at > REPLAY_WINDOW_MS) this.ids.delete(id);
    if (this.ids.has(requestId)) return true;
    this.ids.set(requestId, nowMs);
    return false;
  }

  snapshot(): RecentRequestsSnapshot {
    return Object.fromEntries(this.ids);
  }
}
