// Every signal carries a requestId; a repeat within 7 days is ignored (spec §5).
import { DAY_MS, isoAt } from './time.js';
import type { TokenState } from './token-state.js';

export const REQUEST_MEMORY_MS = 7 * DAY_MS;

const isFresh = (seenAt: string, nowMs: number) => nowMs - Date.parse(seenAt) <= REQUEST_MEMORY_MS;

export function isDuplicateRequest(state: TokenState, requestId: string, nowMs: number): boolean {
  // Own properties only: a request id such as `__proto__` or `toString` is just an id.
  return Object.hasOwn(state.seenRequests, requestId) && isFresh(state.seenRequests[requestId]!, nowMs);
}

/** Remembers the request and forgets those older than 7 days, so the map stays bounded. */
export function rememberRequest(state: TokenState, requestId: string, nowMs: number): TokenState {
  const kept = Object.entries(state.seenRequests).filter(([id, seenAt]) => id !== requestId && isFresh(seenAt, nowMs));
  return { ...state, seenRequests: Object.fromEntries([...kept, [requestId, isoAt(nowMs)]]) };
}
