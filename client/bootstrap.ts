// The embedded default's first admin (product spec §5, "Bootstrap"): the data folder's admin key
// exists and the registry has it, so `npm start` and `npx ea …` sign with no extra step. On a
// cluster the first admin is registered once by `ea principal init` instead.
import { EaError, type EaService } from './ea-service.js';
import { ADMIN_PRINCIPAL, ensureKeyFile, publicKeyText, type PrincipalKey } from './keys.js';
import type { PrincipalRecord } from '../trust/principal.js';

export type BootstrapOutcome =
  /** The key was registered now. */
  | 'registered'
  /** The registry already had this key. */
  | 'already-registered'
  /** The registry already had an admin, and not this key: left alone. */
  | 'registry-taken';

export interface Bootstrap {
  key: PrincipalKey;
  /** Whether the key file was written now (an existing one is never overwritten). */
  keyCreated: boolean;
  outcome: BootstrapOutcome;
}

const isRecordOf = (key: PrincipalKey) => {
  const publicKey = publicKeyText(key);
  return (record: PrincipalRecord) => record.name === key.principal && record.publicKey === publicKey;
};

/**
 * Makes sure `keyFile` holds a key (a fresh `admin` key if there is none; an existing file is used
 * as it is, whatever its principal) and registers it as the first admin unless the registry already
 * has one. A registry that already has an admin is no failure: the outcome says so.
 */
export async function bootstrapAdmin(service: EaService, keyFile: string): Promise<Bootstrap> {
  const { key, created } = ensureKeyFile(keyFile, ADMIN_PRINCIPAL);
  const done = (outcome: BootstrapOutcome): Bootstrap => ({ key, keyCreated: created, outcome });
  const before = await service.principals();
  if (before.some(isRecordOf(key))) return done('already-registered');
  if (before.length > 0) return done('registry-taken');
  try {
    await service.initPrincipals(key);
    return done('registered');
  } catch (error) {
    // Another process registered an admin first (ours, or someone else's).
    if (!(error instanceof EaError && error.code === 'refused')) throw error;
    const after = await service.principals();
    if (after.some(isRecordOf(key))) return done('already-registered');
    if (after.length > 0) return done('registry-taken');
    throw error;
  }
}
