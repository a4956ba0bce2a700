// The embedded default's first admin (product spec §5, "Bootstrap"): the data folder's admin key
// exists and the registry has it, so `npm start` and `npx ea …` sign with no extra step. On a
// cluster the first admin is registered once by `ea principal init` instead.
import { EaError, type EaService } from './ea-service.js';
import { ADMIN_PRINCIPAL, ensureKeyFile, publicKeyText, type PrincipalKey } from './keys.js';
import type { PrincipalRecord } from '../trust/principal.js';
import type { Role } from '../trust/roles.js';

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

/** The embedded default's gateway principal: its name, and the one role it needs (spec §5). */
export const GATEWAY_PRINCIPAL = 'gateway';
/** The workers' principal that signs an incident's loss reports (activities/incident-reports.ts). */
export const INCIDENT_PRINCIPAL = 'incident';

/**
 * Makes sure `keyFile` holds the gateway's key (a fresh one if there is none) and that the registry
 * has it as an active `authenticator`, registering it through `admin` (a service signing as an
 * admin) when it is missing. A `gateway` principal with another key, or revoked, is left alone and
 * said: an operator decides.
 */
export function bootstrapGateway(admin: EaService, keyFile: string): Promise<Bootstrap> {
  return bootstrapPrincipal(admin, keyFile, GATEWAY_PRINCIPAL, 'authenticator');
}

/** The incident reporter's key, registered as a `system` principal, like the gateway's. */
export function bootstrapIncidentReporter(admin: EaService, keyFile: string): Promise<Bootstrap> {
  return bootstrapPrincipal(admin, keyFile, INCIDENT_PRINCIPAL, 'system');
}

async function bootstrapPrincipal(admin: EaService, keyFile: string, name: string, role: Role): Promise<Bootstrap> {
  const { key, created } = ensureKeyFile(keyFile, name);
  const done = (outcome: 'registered' | 'already-registered'): Bootstrap => ({ key, keyCreated: created, outcome });
  const existing = (await admin.principals()).find((record) => record.name === key.principal);
  if (existing) {
    if (isRecordOf(key)(existing) && existing.state === 'active' && existing.roles.includes(role))
      return done('already-registered');
    throw new EaError(
      'refused',
      `the principal ${key.principal} is registered ${existing.state === 'revoked' ? 'but revoked' : `with another key or without the ${role} role`}; ${role === 'authenticator' ? "name an authenticator's key with --key or EA_KEY" : `an admin revokes it, or puts its key at ${keyFile}`}`,
    );
  }
  await admin.addPrincipal(
    { name: key.principal, publicKey: publicKeyText(key), roles: [role] },
    { requestId: `bootstrap-${name}-${publicKeyText(key)}` },
  );
  return done('registered');
}
