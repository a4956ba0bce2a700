// The live event feed: audit records polled with `since`, appended in order, bounded so a long
// session does not grow without end. It follows the newest record until the operator scrolls up.
import type { AuditRecord } from '../../domain/types.js';
import {
  applyScroll,
  initialWindow,
  resizeWindow,
  scrollTo,
  type ScrollCommand,
  type ScrollWindow,
} from './scroll-window.js';

export const FEED_LIMIT = 2000;

export interface EventFeedState {
  records: AuditRecord[];
  /** The newest record's time: the next poll asks only for what came after. */
  since: string | undefined;
  follow: boolean;
  window: ScrollWindow;
}

export type EventFeedAction =
  | { type: 'received'; records: AuditRecord[] }
  | { type: 'scroll'; command: ScrollCommand }
  | { type: 'resize'; height: number };

export const initialEventFeed: EventFeedState = { records: [], since: undefined, follow: true, window: initialWindow };

function atEnd(window: ScrollWindow, length: number): ScrollWindow {
  return scrollTo(window, length - 1, length);
}

export function eventFeedReducer(state: EventFeedState, action: EventFeedAction): EventFeedState {
  switch (action.type) {
    case 'received': {
      // `since` may be inclusive: records already shown are recognised by their unique id.
      const seen = new Set(state.records.slice(-action.records.length - 1).map((r) => r.id));
      const fresh = action.records.filter((r) => !seen.has(r.id));
      if (fresh.length === 0) return state;
      const records = [...state.records, ...fresh].slice(-FEED_LIMIT);
      const dropped = state.records.length + fresh.length - records.length;
      const window = state.follow
        ? atEnd(state.window, records.length)
        : scrollTo(
            { ...state.window, top: Math.max(0, state.window.top - dropped) },
            state.window.cursor - dropped,
            records.length,
          );
      return { records, since: records.at(-1)?.at ?? state.since, follow: state.follow, window };
    }
    case 'scroll': {
      const window = applyScroll(state.window, action.command, state.records.length);
      return { ...state, window, follow: window.cursor >= state.records.length - 1 };
    }
    case 'resize': {
      const resized = resizeWindow(state.window, action.height, state.records.length);
      const window = state.follow ? atEnd(resized, state.records.length) : resized;
      return window === state.window ? state : { ...state, window };
    }
  }
}
