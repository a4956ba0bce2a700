// The top of the detail screen: the token's state, its EA, and every running timer counting down.
import { Box, Text } from 'ink';
import type { TokenStatus } from '../../domain/views.js';
import { formatInstant, formatTimeLeft } from '../utils/time-left.js';
import { STATE_COLORS } from './TokenTable.js';

const TIMER_LABELS: Record<TokenStatus['timers'][number]['name'], string> = {
  'emergency-end': 'EA ends',
  'emergency-ending-notice': 'user warned EA ends soon',
  'replacement-window': 'replacement window opens',
  'token-expiry': 'token expires',
  'lockout-end': 'lockout ends',
};

function timerLines(status: TokenStatus): { label: string; at: string }[] {
  const timers = status.timers.map((t) => ({ label: TIMER_LABELS[t.name], at: t.at }));
  return status.onDemandCodeExpiresAt
    ? [...timers, { label: 'on-demand code expires', at: status.onDemandCodeExpiresAt }]
    : timers;
}

/** Lines this component renders, so the screen can give the rest to the audit trail. */
export function summaryHeight(status: TokenStatus): number {
  return 5 + Math.max(1, timerLines(status).length);
}

function flags(status: TokenStatus): string[] {
  return [
    status.locked
      ? `locked${status.lockedUntil ? ` until ${formatInstant(status.lockedUntil)}` : ' until unlocked'}`
      : '',
    status.disabled ? 'disabled' : '',
    undelivered(status),
    status.replacementRequested ? 'replacement requested' : status.replacementEligible ? 'replacement eligible' : '',
  ].filter(Boolean);
}

/** Messages that failed to go out and are retried: the operator may have to reach the user otherwise. */
function undelivered({ undelivered: held }: TokenStatus): string {
  if (held.length === 0) return '';
  const next = held.map((m) => m.nextAttemptAt).sort()[0]!;
  return `${held.length} message${held.length > 1 ? 's' : ''} undelivered, next try ${formatInstant(next)}`;
}

export function TokenSummary({ status, now }: { status: TokenStatus; now: number }) {
  const timers = timerLines(status);
  const inEmergency = status.reason !== null;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        <Text bold>{status.serial}</Text>
        <Text dimColor> user </Text>
        {status.user ?? '—'}
        <Text dimColor> state </Text>
        <Text bold color={STATE_COLORS[status.state]}>
          {status.state}
        </Text>
        {flags(status).map((flag) => (
          <Text key={flag} color="red">{` · ${flag}`}</Text>
        ))}
      </Text>
      <Text wrap="truncate">
        <Text dimColor>EA </Text>
        {inEmergency
          ? `${status.reason} · ${status.kind ?? '?'} · ${status.unusedCodes === null ? '' : `${status.unusedCodes} codes left · `}if found: ${status.rule ?? '?'} · delivery ${status.delivery ?? '—'}`
          : 'not in emergency access'}
      </Text>
      <Text wrap="truncate">
        <Text dimColor> </Text>
        {inEmergency
          ? `started ${formatInstant(status.startedAt)}${status.startedBy ? ` by ${status.startedBy.actor} (${status.startedBy.origin})` : ''} · codes issued ${formatInstant(status.issuedAt)} · ends in ${formatTimeLeft(status.expiresAt, now)}`
          : ' '}
      </Text>
      <Text wrap="truncate">
        <Text dimColor>Token </Text>
        {`expires ${formatInstant(status.tokenExpiresAt)} · PIN ${status.hasPin ? 'set' : 'none'} · ${status.failures} failed attempts${status.replacedBy ? ` · replaced by ${status.replacedBy}` : ''}`}
      </Text>
      <Text dimColor>Timers</Text>
      {timers.length === 0 ? (
        <Text dimColor> none running</Text>
      ) : (
        timers.map((timer) => (
          <Text key={timer.label} wrap="truncate">
            {`  ${timer.label.padEnd(26)} in ${formatTimeLeft(timer.at, now).padEnd(8)} `}
            <Text dimColor>{formatInstant(timer.at)}</Text>
          </Text>
        ))
      )}
    </Box>
  );
}
