// What lists come from: visibility, never a query to every workflow. Chosen to fit the SQLite
// visibility limits of the dev server (10 Keyword, 3 Datetime, 3 Int, 3 Bool, 3 KeywordList).
// No secret and no contact detail goes here: search attributes are never encrypted.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';

export const EaSerial = defineSearchAttributeKey('EaSerial', SearchAttributeType.KEYWORD);
export const EaState = defineSearchAttributeKey('EaState', SearchAttributeType.KEYWORD);
export const EaReason = defineSearchAttributeKey('EaReason', SearchAttributeType.KEYWORD);
export const EaKind = defineSearchAttributeKey('EaKind', SearchAttributeType.KEYWORD);
export const EaUser = defineSearchAttributeKey('EaUser', SearchAttributeType.KEYWORD);
export const EaExpiresAt = defineSearchAttributeKey('EaExpiresAt', SearchAttributeType.DATETIME);
export const EaTokenExpiresAt = defineSearchAttributeKey('EaTokenExpiresAt', SearchAttributeType.DATETIME);
export const EaUnusedCodes = defineSearchAttributeKey('EaUnusedCodes', SearchAttributeType.INT);
/** The policy version a token runs under: `ea doctor` counts tokens behind the policy workflow's. */
export const EaPolicyVersion = defineSearchAttributeKey('EaPolicyVersion', SearchAttributeType.INT);
export const EaReplacementEligible = defineSearchAttributeKey('EaReplacementEligible', SearchAttributeType.BOOL);
/** locked, disabled, replacement-requested: the flags operators filter on. */
export const EaFlags = defineSearchAttributeKey('EaFlags', SearchAttributeType.KEYWORD_LIST);

export const SEARCH_ATTRIBUTES = [
  EaSerial,
  EaState,
  EaReason,
  EaKind,
  EaUser,
  EaExpiresAt,
  EaTokenExpiresAt,
  EaUnusedCodes,
  EaPolicyVersion,
  EaReplacementEligible,
  EaFlags,
] as const;
