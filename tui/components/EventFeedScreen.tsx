// Screen 4: the audit events of every token as they happen. Polls with `since`, so each poll
// carries only what is new; the feed keeps its place while another screen is on show.
import { Box, Text } from 'ink';
import { useCallback, type Dispatch } from 'react';
import { useDashboard } from '../hooks/use-dashboard.js';
import { useFittedWindow } from '../hooks/use-fitted-window.js';
import { useScreenKeys, type KeyHint } from '../hooks/use-keys.js';
import { usePoll } from '../hooks/use-poll.js';
import type { EventFeedAction, EventFeedState } from '../state/event-feed.js';
import { scrollCommandOf, visibleSlice } from '../state/scroll-window.js';
import { AuditLine } from './AuditTrail.js';

const HINTS: KeyHint[] = [
  { keys: '↑↓/jk', does: 'scroll' },
  { keys: 'G/End', does: 'follow newest' },
];

export function EventFeedScreen({
  state,
  dispatch,
  height,
}: {
  state: EventFeedState;
  dispatch: Dispatch<EventFeedAction>;
  height: number;
}) {
  const { service } = useDashboard();
  // A live feed: at least every two seconds, whatever the list refresh is.
  usePoll(
    () => service.auditFeed(state.since),
    (records) => dispatch({ type: 'received', records }),
    { atMostMs: 2000 },
  );
  const listHeight = Math.max(1, height - 1);
  const resize = useCallback((height: number) => dispatch({ type: 'resize', height }), [dispatch]);
  const window = useFittedWindow(state.window, listHeight, state.records.length, resize);

  useScreenKeys(HINTS, (input, key) => {
    const command = scrollCommandOf(input, key);
    if (!command) return false;
    dispatch({ type: 'scroll', command });
    return true;
  });

  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text wrap="truncate">
        <Text bold>Live events</Text>
        <Text dimColor>{` · ${state.records.length} shown · `}</Text>
        {state.follow ? (
          <Text color="green">following newest</Text>
        ) : (
          <Text color="yellow">paused: G or End follows again</Text>
        )}
      </Text>
      {state.records.length === 0 ? <Text dimColor> waiting for events…</Text> : null}
      {visibleSlice(state.records, window).map((record, i) => (
        <AuditLine
          key={record.id}
          record={record}
          selected={!state.follow && window.top + i === window.cursor}
          showSerial
        />
      ))}
    </Box>
  );
}
