// What the token list shows comes from these attributes. Only upserted when they change, so an
// authentication that changes nothing visible adds no history event.
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { TokenStatus } from '../domain/views.js';
import {
  EaExpiresAt,
  EaFlags,
  EaKind,
  EaReason,
  EaReplacementEligible,
  EaSerial,
  EaState,
  EaTokenExpiresAt,
  EaUnusedCodes,
  EaUser,
} from './search-attributes.js';

export function searchAttributesOf(status: TokenStatus): SearchAttributeUpdatePair[] {
  const flags = [
    status.locked && 'locked',
    status.disabled && 'disabled',
    status.replacementRequested && 'replacement-requested',
  ].filter((flag): flag is string => Boolean(flag));
  return [
    { key: EaSerial, value: status.serial },
    { key: EaState, value: status.state },
    { key: EaReason, value: status.reason },
    { key: EaKind, value: status.kind },
    { key: EaUser, value: status.user },
    { key: EaExpiresAt, value: status.expiresAt ? new Date(status.expiresAt) : null },
    { key: EaTokenExpiresAt, value: new Date(status.tokenExpiresAt) },
    { key: EaUnusedCodes, value: status.unusedCodes },
    { key: EaReplacementEligible, value: status.replacementEligible },
    { key: EaFlags, value: flags.length > 0 ? flags : null },
  ];
}

/** Upserts the attributes when they differ from `previous`; returns the fingerprint to keep. */
export function syncSearchAttributes(status: TokenStatus, previous: string): string {
  const pairs = searchAttributesOf(status);
  const fingerprint = JSON.stringify(pairs.map((p) => p.value));
  if (fingerprint !== previous) upsertSearchAttributes(pairs);
  return fingerprint;
}
