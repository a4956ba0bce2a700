// Builders for the trust core's tests: deterministic key pairs per principal name, registries, and
// signed arguments at a fixed time.
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { publicKeyOf, signRequest, type JsonObject, type Signed } from './envelope.js';
import { encodePublicKey, type PrincipalRecord } from './principal.js';
import type { Role } from './roles.js';

export const T0 = 1_768_469_400_000; // 2026-01-15T09:30:00.000Z
export const T0_ISO = '2026-01-15T09:30:00.000Z';
export const WORKFLOW_ID = 'token-EA000123';

/** A deterministic private key per name (tests only: a real key comes from a CSPRNG). */
export const privateKeyOf = (name: string): Uint8Array => sha256(utf8ToBytes(`test-key:${name}`));

export function principalRecord(name: string, roles: Role[], extra: Partial<PrincipalRecord> = {}): PrincipalRecord {
  return {
    name,
    publicKey: encodePublicKey(publicKeyOf(privateKeyOf(name))),
    roles,
    state: 'active',
    addedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  };
}

export function registryOf(...records: PrincipalRecord[]): Map<string, PrincipalRecord> {
  return new Map(records.map((record) => [record.name, record]));
}

let counter = 0;
/** A request payload with a fresh request id. */
export function payloadFor(fields: JsonObject = {}): JsonObject {
  return { requestId: `req-${++counter}`, actor: 'someone', ...fields };
}

export function signedBy(
  name: string,
  message: string,
  payload: JsonObject,
  {
    workflowId = WORKFLOW_ID,
    at = T0_ISO,
    key = privateKeyOf(name),
  }: { workflowId?: string; at?: string; key?: Uint8Array } = {},
): Signed<JsonObject> {
  return signRequest(key, name, workflowId, message, payload, at);
}
