// The token list's rows: only the visible slice is rendered, one line per token, with columns
// sized to the terminal width.
import { Box, Text } from 'ink';
import type { TokenListItem } from '../../client/ea-service.js';
import type { EaKind, Reason, TokenStateName } from '../../domain/types.js';
import { visibleSlice, type ScrollWindow } from '../state/scroll-window.js';
import { fit } from '../utils/fit.js';
import { formatTimeLeft } from '../utils/time-left.js';

export const STATE_COLORS: Record<TokenStateName, string> = {
  active: 'green',
  emergency: 'yellow',
  'emergency-lapsed': 'red',
  expired: 'gray',
  retired: 'gray',
  unassigned: 'gray',
};

const REASON_LABELS: Record<Reason, string> = { 'permanently-lost': 'lost', 'temporarily-unavailable': 'unavailable' };
const KIND_LABELS: Record<EaKind, string> = {
  'temporary-fixed': 'fixed',
  'one-time-set': 'one-time',
  'on-demand': 'on-demand',
};

interface Columns {
  serial: number;
  user: number;
  flags: number;
}

const FIXED = { state: 16, reason: 11, kind: 9, left: 9, codes: 5 };
/** Marker, the fixed columns and one space after each column. */
const FIXED_WIDTH = 2 + FIXED.state + FIXED.reason + FIXED.kind + FIXED.left + FIXED.codes + 7;

function columnsFor(width: number): Columns {
  const rest = Math.max(0, width - FIXED_WIDTH);
  const serial = Math.max(8, Math.min(18, Math.floor(rest * 0.55)));
  const user = Math.max(6, Math.min(16, rest - serial));
  return { serial, user, flags: Math.max(0, rest - serial - user) };
}

function cells(
  columns: Columns,
  values: {
    serial: string;
    user: string;
    state: string;
    reason: string;
    kind: string;
    left: string;
    codes: string;
    flags: string;
  },
): string[] {
  return [
    fit(values.serial, columns.serial),
    fit(values.user, columns.user),
    fit(values.state, FIXED.state),
    fit(values.reason, FIXED.reason),
    fit(values.kind, FIXED.kind),
    fit(values.left, FIXED.left),
    fit(values.codes, FIXED.codes),
    fit(values.flags, columns.flags),
  ];
}

function Row({
  item,
  selected,
  columns,
  now,
}: {
  item: TokenListItem;
  selected: boolean;
  columns: Columns;
  now: number;
}) {
  const [serial, user, state, reason, kind, left, codes, flags] = cells(columns, {
    serial: item.serial,
    user: item.user ?? '—',
    state: item.state,
    reason: item.reason ? REASON_LABELS[item.reason] : '—',
    kind: item.kind ? KIND_LABELS[item.kind] : '—',
    left: formatTimeLeft(item.expiresAt, now),
    codes: item.unusedCodes === null ? '—' : String(item.unusedCodes),
    flags: item.flags.join(','),
  });
  return (
    <Text wrap="truncate" inverse={selected}>
      {selected ? '› ' : '  '}
      {serial} {user} <Text color={STATE_COLORS[item.state]}>{state}</Text> {reason} {kind} {left} {codes}{' '}
      <Text dimColor>{flags}</Text>
    </Text>
  );
}

export function TokenTable({
  rows,
  window,
  width,
  now,
}: {
  rows: readonly TokenListItem[];
  window: ScrollWindow;
  width: number;
  now: number;
}) {
  const columns = columnsFor(width);
  const heading = cells(columns, {
    serial: 'SERIAL',
    user: 'USER',
    state: 'STATE',
    reason: 'REASON',
    kind: 'KIND',
    left: 'TIME LEFT',
    codes: 'CODES',
    flags: 'FLAGS',
  });
  return (
    <Box flexDirection="column">
      <Text wrap="truncate" bold>
        {'  '}
        {heading.join(' ')}
      </Text>
      {visibleSlice(rows, window).map((item, i) => (
        <Row key={item.serial} item={item} selected={window.top + i === window.cursor} columns={columns} now={now} />
      ))}
    </Box>
  );
}
