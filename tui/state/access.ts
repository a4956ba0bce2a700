// What the dashboard's own principal may do (spec §5): its record in the registry, read by the name
// its key signs as, and the messages its roles allow by the role table (trust/roles.ts), so the
// dashboard offers nothing the workflows would only refuse. The workflows still decide: a registry
// that could not be read withholds nothing.
import type { JsonObject } from '../../trust/envelope.js';
import { lookupPrincipal, type PrincipalRecord } from '../../trust/principal.js';
import { mayRoles, rolesFor, type Role, type SignedMessage } from '../../trust/roles.js';

export type Access =
  /** Not read yet, or the registry could not be read: the name alone, and nothing withheld. */
  | { kind: 'unknown' }
  /** No valid record under the name: every message would be refused. */
  | { kind: 'unregistered' }
  /** Revoked: every message would be refused. */
  | { kind: 'revoked'; roles: readonly Role[] }
  | { kind: 'active'; roles: readonly Role[] };

export const UNKNOWN_ACCESS: Access = { kind: 'unknown' };

/** One signed message a dashboard call sends, with the payload fields its role check reads. */
export interface SignedSend {
  message: SignedMessage;
  /** `action` for operatorAction; `origin` when the call claims one. */
  payload?: JsonObject;
}

/** `principal`'s access by the registry's records (a malformed record counts as none). */
export function accessOf(records: readonly PrincipalRecord[], principal: string): Access {
  const record = lookupPrincipal(new Map(records.map((r) => [r.name, r])), principal);
  if (record === null) return { kind: 'unregistered' };
  return { kind: record.state, roles: [...record.roles] };
}

export function sameAccess(a: Access, b: Access): boolean {
  if (a.kind !== b.kind) return false;
  if (a.kind === 'unknown' || a.kind === 'unregistered' || b.kind === 'unknown' || b.kind === 'unregistered')
    return true;
  return a.roles.length === b.roles.length && a.roles.every((role, i) => role === b.roles[i]);
}

/** What the header shows: `NAME (role,role)`, `NAME (revoked)`, `NAME (unregistered)`, or the name alone. */
export function accessLabel(principal: string, access: Access): string {
  switch (access.kind) {
    case 'unknown':
      return principal;
    case 'unregistered':
    case 'revoked':
      return `${principal} (${access.kind})`;
    case 'active':
      return `${principal} (${access.roles.join(',') || 'no role'})`;
  }
}

/** The roles the principal acts through: none when revoked or unregistered, null when unknown. */
function actingRoles(access: Access): readonly Role[] | null {
  switch (access.kind) {
    case 'unknown':
      return null;
    case 'unregistered':
    case 'revoked':
      return [];
    case 'active':
      return access.roles;
  }
}

/** Whether the principal may send every one of `sends` (true while its access is unknown). */
export function mayAll(access: Access, sends: readonly SignedSend[]): boolean {
  const roles = actingRoles(access);
  return roles === null || sends.every(({ message, payload }) => mayRoles(roles, message, payload));
}

/**
 * Why the principal may not send `send`, in one line (e.g. `setPolicy takes admin; eve has
 * auditor`), or null when it may (or its access is unknown).
 */
export function refusalOf(principal: string, access: Access, send: SignedSend): string | null {
  if (mayAll(access, [send])) return null;
  switch (access.kind) {
    case 'unregistered':
      return `${principal} is not a registered principal`;
    case 'revoked':
      return `${principal} is revoked`;
    default: {
      const roles = actingRoles(access) ?? [];
      const allowed = rolesFor(send.message, send.payload);
      if (roles.some((role) => allowed.includes(role)))
        return `${principal} (${roles.join(', ')}) may not send ${send.message} as ${String(send.payload?.origin)}`;
      return `${send.message} takes ${allowed.join(' or ') || 'a role no one has'}; ${principal} has ${roles.join(', ') || 'no role'}`;
    }
  }
}
