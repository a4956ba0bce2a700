// Roles and the role table (product spec §5, "Roles" and "Origin follows the role"). Plain data, so
// a test can walk it cell by cell and a reader can check it against the spec's table.

import type { Origin } from '../domain/types.js';

export const ROLES = ['admin', 'helpdesk', 'auditor', 'system', 'selfservice', 'authenticator'] as const;
export type Role = (typeof ROLES)[number];

export const OPERATOR_ACTIONS = ['unlock', 'disable', 'enable', 'unassign'] as const;
export type OperatorActionName = (typeof OPERATOR_ACTIONS)[number];

type Roles = readonly Role[];
type Rule =
  | {
      readonly workflow: 'token' | 'user' | 'policy' | 'registry' | 'incident';
      readonly kind: 'update' | 'signal';
      readonly roles: Roles;
    }
  | {
      readonly workflow: 'token';
      readonly kind: 'update';
      readonly byAction: { readonly [A in OperatorActionName]: Roles };
    };

const OPS: Roles = ['admin', 'helpdesk'];
const OPS_AND_SELF: Roles = ['admin', 'helpdesk', 'selfservice'];
const ADMIN: Roles = ['admin'];

/**
 * Which roles may send each state-changing message. `operatorAction` depends on the payload's
 * `action`. A message not in this table is sent by nobody (refused as out of role). Reads (queries)
 * are not here: they change nothing and carry no envelope.
 */
export const ROLE_TABLE = {
  // Token workflow (`token-<SERIAL>`), updates.
  assign: { workflow: 'token', kind: 'update', roles: ADMIN },
  // A system's loss report answers too (the incident's reporter needs the token's verdict); the
  // token applies the policy switches to it as to the signal.
  lost: { workflow: 'token', kind: 'update', roles: ['admin', 'helpdesk', 'system', 'selfservice'] },
  found: { workflow: 'token', kind: 'update', roles: OPS_AND_SELF },
  clear: { workflow: 'token', kind: 'update', roles: OPS },
  extend: { workflow: 'token', kind: 'update', roles: OPS },
  setPin: { workflow: 'token', kind: 'update', roles: OPS },
  requestReplacement: { workflow: 'token', kind: 'update', roles: OPS_AND_SELF },
  operatorAction: {
    workflow: 'token',
    kind: 'update',
    byAction: { unlock: OPS, disable: OPS, enable: OPS, unassign: ADMIN },
  },
  assignReplacement: { workflow: 'token', kind: 'update', roles: ADMIN },
  requestOnDemand: { workflow: 'token', kind: 'update', roles: ['admin', 'helpdesk', 'selfservice', 'authenticator'] },
  authenticate: { workflow: 'token', kind: 'update', roles: ['authenticator', 'admin'] },
  settleAttempt: { workflow: 'token', kind: 'update', roles: ['authenticator', 'admin'] },
  // Token workflow, signals.
  reportLost: { workflow: 'token', kind: 'signal', roles: ['admin', 'helpdesk', 'system', 'selfservice'] },
  reportFound: { workflow: 'token', kind: 'signal', roles: ['admin', 'helpdesk', 'system', 'selfservice'] },
  // User workflow (`user-<ID>`).
  putUser: { workflow: 'user', kind: 'update', roles: ADMIN },
  attachToken: { workflow: 'user', kind: 'update', roles: ADMIN },
  detachToken: { workflow: 'user', kind: 'signal', roles: ADMIN },
  // Policy workflow (`ea-policy`).
  setPolicy: { workflow: 'policy', kind: 'update', roles: ADMIN },
  // Principal registry.
  addPrincipal: { workflow: 'registry', kind: 'update', roles: ADMIN },
  revokePrincipal: { workflow: 'registry', kind: 'update', roles: ADMIN },
  // Incident workflow (`incident-<ID>`): operators run mass incidents (issue 18 item 3).
  startIncident: { workflow: 'incident', kind: 'update', roles: OPS },
  pauseIncident: { workflow: 'incident', kind: 'update', roles: OPS },
  resumeIncident: { workflow: 'incident', kind: 'update', roles: OPS },
  cancelIncident: { workflow: 'incident', kind: 'update', roles: OPS },
} as const satisfies Record<string, Rule>;

export type SignedMessage = keyof typeof ROLE_TABLE;
export const SIGNED_MESSAGES = Object.keys(ROLE_TABLE) as SignedMessage[];

export function isSignedMessage(message: unknown): message is SignedMessage {
  return typeof message === 'string' && Object.prototype.hasOwnProperty.call(ROLE_TABLE, message);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/**
 * The roles that may send `message` with this payload; empty for a message nobody may send.
 * `operatorAction` with a missing or unknown `action` is admin's alone (its validation then says
 * what is wrong); everyone else is out of role for it.
 */
export function rolesFor(message: string, payload: unknown): Roles {
  if (!isSignedMessage(message)) return [];
  const rule: Rule = ROLE_TABLE[message];
  if ('roles' in rule) return rule.roles;
  const action = typeof payload === 'object' && payload !== null ? (payload as { action?: unknown }).action : undefined;
  if (typeof action === 'string' && (OPERATOR_ACTIONS as readonly string[]).includes(action))
    return rule.byAction[action as OperatorActionName];
  return ADMIN;
}

/**
 * Whether a principal holding `roles` may send `message` with this payload, by the role table and,
 * when the payload names an `origin`, by the origin its roles allow: the role and origin checks of
 * `authorize`, without the signature, freshness, replay and self-service user ones. Clients ask it
 * before offering what a principal could only be refused.
 */
export function mayRoles(roles: readonly Role[], message: string, payload?: unknown): boolean {
  const allowed = rolesFor(message, payload);
  const acting = roles.filter((role) => allowed.includes(role));
  if (acting.length === 0) return false;
  const origin =
    typeof payload === 'object' && payload !== null && Object.prototype.hasOwnProperty.call(payload, 'origin')
      ? (payload as { origin?: unknown }).origin
      : undefined;
  return origin === undefined || (isOrigin(origin) && originAllowed(acting, origin));
}

// ── Origin follows the role ──────────────────────────────────────────────────────────────────────

/**
 * The strongest origin each role may act under. Auditors change nothing. The authenticator's
 * on-demand request is made by the user at a login prompt, so it is filed as `self-service`.
 */
export const ROLE_ORIGIN: { readonly [R in Role]: Origin | null } = {
  admin: 'operator',
  helpdesk: 'operator',
  auditor: null,
  system: 'system',
  selfservice: 'self-service',
  authenticator: 'self-service',
};

/** operator > system > self-service. */
export const ORIGIN_STRENGTH: { readonly [O in Origin]: number } = { operator: 3, system: 2, 'self-service': 1 };

export function isOrigin(value: unknown): value is Origin {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ORIGIN_STRENGTH, value);
}

/** The strongest origin any of `roles` may act under; null when none may act under any. */
export function strongestOrigin(roles: readonly Role[]): Origin | null {
  let best: Origin | null = null;
  for (const role of roles) {
    const origin = isRole(role) ? ROLE_ORIGIN[role] : null;
    if (origin !== null && (best === null || ORIGIN_STRENGTH[origin] > ORIGIN_STRENGTH[best])) best = origin;
  }
  return best;
}

/** A principal acting through `roles` may claim `origin` when it is no stronger than their strongest. */
export function originAllowed(roles: readonly Role[], origin: Origin): boolean {
  const best = strongestOrigin(roles);
  return best !== null && ORIGIN_STRENGTH[origin] <= ORIGIN_STRENGTH[best];
}
