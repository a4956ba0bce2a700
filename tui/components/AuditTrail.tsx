// A token's audit trail, newest first, one event per line, scrolled with the list keys.
import { Box, Text } from 'ink';
import type { AuditRecord } from '../../domain/types.js';
import { visibleSlice, type ScrollWindow } from '../state/scroll-window.js';
import { formatInstant } from '../utils/time-left.js';

const OUTCOME_COLORS: Record<AuditRecord['outcome'], string> = {
  ok: 'green',
  refused: 'yellow',
  rejected: 'red',
  failed: 'red',
};

function details(record: AuditRecord): string {
  const parts = Object.entries(record.detail ?? {}).map(([k, v]) => `${k}=${String(v)}`);
  return [record.reason, ...parts].filter(Boolean).join(' ');
}

export function AuditLine({
  record,
  selected,
  showSerial,
}: {
  record: AuditRecord;
  selected: boolean;
  showSerial: boolean;
}) {
  return (
    <Text wrap="truncate" inverse={selected}>
      {selected ? '› ' : '  '}
      <Text dimColor>{formatInstant(record.at)}</Text> {showSerial ? `${record.serial.padEnd(12)} ` : ''}
      {record.type.padEnd(20)} <Text color={OUTCOME_COLORS[record.outcome]}>{record.outcome.padEnd(8)}</Text>{' '}
      {`${record.actor} (${record.origin})`.padEnd(18)} <Text dimColor>{details(record)}</Text>
    </Text>
  );
}

export function AuditTrail({ records, window }: { records: readonly AuditRecord[]; window: ScrollWindow }) {
  return (
    <Box flexDirection="column">
      <Text bold>{`Audit trail, newest first (${records.length})`}</Text>
      {records.length === 0 ? <Text dimColor> no events yet</Text> : null}
      {visibleSlice(records, window).map((record, i) => (
        <AuditLine key={record.id} record={record} selected={window.top + i === window.cursor} showSerial={false} />
      ))}
    </Box>
  );
}
