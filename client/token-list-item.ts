// A token list row from a workflow's search attributes (visibility), so the list needs no query
// to each of 10,000 workflows.
import type { TypedSearchAttributes } from '@temporalio/common';
import type { EaKind, Reason, TokenStateName } from '../domain/types.js';
import {
  EaExpiresAt,
  EaFlags,
  EaKind as EaKindKey,
  EaReason,
  EaReplacementEligible,
  EaSerial,
  EaState,
  EaTokenExpiresAt,
  EaUnusedCodes,
  EaUser,
} from '../contract/search-attributes.js';
import type { TokenListItem } from './ea-service.js';

export function tokenListItemOf(attributes: TypedSearchAttributes): TokenListItem | null {
  const serial = attributes.get(EaSerial);
  if (!serial) return null; // started but not assigned yet
  const iso = (date: Date | undefined) => (date ? date.toISOString() : null);
  const flags = attributes.get(EaFlags) ?? [];
  return {
    serial,
    user: attributes.get(EaUser) ?? null,
    state: (attributes.get(EaState) ?? 'active') as TokenStateName,
    reason: (attributes.get(EaReason) ?? null) as Reason | null,
    kind: (attributes.get(EaKindKey) ?? null) as EaKind | null,
    unusedCodes: attributes.get(EaUnusedCodes) ?? null,
    expiresAt: iso(attributes.get(EaExpiresAt)),
    tokenExpiresAt: iso(attributes.get(EaTokenExpiresAt)),
    flags: attributes.get(EaReplacementEligible) ? [...flags, 'replacement-eligible'] : flags,
  };
}
