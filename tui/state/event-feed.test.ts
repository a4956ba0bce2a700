import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../domain/types.js';
import {
  eventFeedReducer,
  FEED_LIMIT,
  initialEventFeed,
  type EventFeedAction,
  type EventFeedState,
} from './event-feed.js';

const record = (n: number): AuditRecord => ({
  id: `T1:${n}`,
  at: new Date(Date.UTC(2026, 2, 1, 12, 0, n)).toISOString(),
  serial: 'T1',
  user: 'alice',
  actor: 'bob',
  origin: 'operator',
  type: 'ea-started',
  outcome: 'ok',
  reason: null,
});
const records = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => record(from + i));
const run = (...actions: EventFeedAction[]): EventFeedState => actions.reduce(eventFeedReducer, initialEventFeed);

describe('event feed reducer', () => {
  it('appends new records, skips repeats, and remembers the newest time', () => {
    const state = run({ type: 'received', records: records(0, 3) }, { type: 'received', records: records(2, 5) });
    expect(state.records.map((r) => r.id)).toEqual(['T1:0', 'T1:1', 'T1:2', 'T1:3', 'T1:4']);
    expect(state.since).toBe(record(4).at);
  });

  it('follows the newest record until scrolled up, then stays put', () => {
    const following = run({ type: 'resize', height: 3 }, { type: 'received', records: records(0, 10) });
    expect(following.window).toMatchObject({ cursor: 9, top: 7 });
    const up = eventFeedReducer(following, { type: 'scroll', command: { type: 'by', delta: -5 } });
    expect(up.follow).toBe(false);
    const more = eventFeedReducer(up, { type: 'received', records: records(10, 12) });
    expect(more.window.cursor).toBe(4);
    const back = eventFeedReducer(more, { type: 'scroll', command: { type: 'end' } });
    expect(back.follow).toBe(true);
  });

  it('keeps at most FEED_LIMIT records', () => {
    const state = run({ type: 'received', records: records(0, FEED_LIMIT + 10) });
    expect(state.records).toHaveLength(FEED_LIMIT);
    expect(state.records[0]?.id).toBe('T1:10');
  });
});
