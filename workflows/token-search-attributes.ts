// What the token list shows comes from these attributes. Only the ones that change are upserted, so
// an authentication that changes nothing visible adds no history event.
import type { SearchAttributeUpdatePair } from '@temporalio/common';
import { upsertSearchAttributes } from '@temporalio/workflow';
import type { TokenStatus } from '../domain/views.js';
import {
  EaExpiresAt,
  EaFlags,
  EaKind,
  EaPolicyVersion,
  EaReason,
  EaReplacementEligible,
  EaSerial,
  EaState,
  EaTokenExpiresAt,
  EaUnusedCodes,
  EaUser,
} from '../contract/search-attributes.js';

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
    { key: EaPolicyVersion, value: status.policyVersion },
    { key: EaReplacementEligible, value: status.replacementEligible },
    { key: EaFlags, value: flags.length > 0 ? flags : null },
  ];
}

/**
 * Publishes a token's status as search attributes, upserting only the attributes whose values
 * changed since the last call (each compared as JSON): a spent one-time code upserts one, not ten.
 */
export function searchAttributePublisher(): (status: TokenStatus) => void {
  let previous: string[] = [];
  return (status) => {
    const pairs = searchAttributesOf(status);
    const values = pairs.map((pair) => JSON.stringify(pair.value));
    const changed = pairs.filter((_, i) => values[i] !== previous[i]);
    if (changed.length > 0) upsertSearchAttributes(changed);
    previous = values;
  };
}
