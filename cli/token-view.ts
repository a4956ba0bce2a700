// How a token reads to an operator in the terminal (`ea status` and every command that changes one).
import type { TokenStatus } from '../domain/views.js';
import { formatInstant } from '../input/instant.js';
import { labelled } from './table.js';

export function tokenView(status: TokenStatus, timeZone: string): string {
  const at = (iso: string | null): string | null => (iso === null ? null : formatInstant(iso, timeZone));
  const emergency = status.reason !== null ? ` (${status.reason}, ${status.kind ?? 'no codes'})` : '';
  const lock = status.locked
    ? status.lockedUntil
      ? `until ${at(status.lockedUntil)}`
      : 'until unlocked by an operator'
    : 'no';
  const replacement = [
    status.replacementEligible ? 'eligible' : null,
    status.replacementRequested ? 'requested' : null,
    status.replacedBy ? `replaced by ${status.replacedBy}` : null,
  ]
    .filter((part) => part !== null)
    .join(', ');
  return [
    `Token ${status.serial}: ${status.state}${emergency}`,
    labelled([
      ['user', status.user ?? '(none)'],
      ['emergency ends', at(status.expiresAt)],
      ['if found', status.rule],
      [
        'started by',
        status.startedBy ? `${status.startedBy.actor} (${status.startedBy.origin}) at ${at(status.startedAt)}` : null,
      ],
      ['codes issued', at(status.issuedAt)],
      ['unused codes', status.unusedCodes === null ? null : String(status.unusedCodes)],
      ['on-demand code', at(status.onDemandCodeExpiresAt) && `live until ${at(status.onDemandCodeExpiresAt)}`],
      ['token expires', at(status.tokenExpiresAt)],
      ['locked', lock],
      ['failed attempts', String(status.failures)],
      ['disabled', status.disabled ? 'yes' : 'no'],
      ['PIN', status.hasPin ? 'set' : 'none'],
      ['replacement', replacement || null],
      [
        'undelivered',
        status.undelivered
          .map(
            (m) =>
              `${m.template} by ${m.channel}: ${m.failures} failed rounds (${m.lastError}), next try ${at(m.nextAttemptAt)}, given up at ${at(m.giveUpAt)}`,
          )
          .join('; ') || null,
      ],
    ]),
  ].join('\n');
}
