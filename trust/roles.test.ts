// The role table against the spec, cell by cell: EXPECTED below is the brief's table written out
// independently of ROLE_TABLE, and every cell is checked both on the table and end to end through
// authorize (signed, verified, with the origin the role acts under).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ORIGINS, type Origin } from '../domain/types.js';
import { authorize } from './authorize.js';
import { payloadFor, principalRecord, registryOf, signedBy, T0 } from './test-fixtures.js';
import {
  mayRoles,
  OPERATOR_ACTIONS,
  originAllowed,
  ROLE_ORIGIN,
  ROLE_TABLE,
  ROLES,
  rolesFor,
  SIGNED_MESSAGES,
  strongestOrigin,
  type Role,
} from './roles.js';

const A = 'admin',
  H = 'helpdesk',
  S = 'system',
  SS = 'selfservice',
  AU = 'authenticator';

/** message (or `operatorAction:<action>`) → the roles that may send it. */
const EXPECTED: Record<string, Role[]> = {
  assign: [A],
  lost: [A, H, S, SS],
  found: [A, H, SS],
  clear: [A, H],
  extend: [A, H],
  setPin: [A, H],
  requestReplacement: [A, H, SS],
  'operatorAction:unlock': [A, H],
  'operatorAction:disable': [A, H],
  'operatorAction:enable': [A, H],
  'operatorAction:unassign': [A],
  assignReplacement: [A],
  requestOnDemand: [A, H, SS, AU],
  authenticate: [AU, A],
  settleAttempt: [AU, A],
  reportLost: [A, H, S, SS],
  reportFound: [A, H, S, SS],
  putUser: [A],
  attachToken: [A],
  detachToken: [A],
  setPolicy: [A],
  addPrincipal: [A],
  revokePrincipal: [A],
  startIncident: [A, H],
  pauseIncident: [A, H],
  resumeIncident: [A, H],
  cancelIncident: [A, H],
};

/** Every cell as [label, message, payload fields]. */
const CELLS = Object.keys(EXPECTED).map((label) => {
  const [message, action] = label.split(':') as [string, string | undefined];
  return { label, message, fields: action === undefined ? {} : { action } };
});

describe('the role table', () => {
  it("names exactly the spec's messages", () => {
    const fromTable = SIGNED_MESSAGES.flatMap((message) => {
      const rule = ROLE_TABLE[message];
      return 'byAction' in rule ? Object.keys(rule.byAction).map((action) => `${message}:${action}`) : [message];
    });
    expect(fromTable.sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(Object.keys(ROLE_TABLE.operatorAction.byAction).sort()).toEqual([...OPERATOR_ACTIONS].sort());
  });

  for (const { label, message, fields } of CELLS) {
    for (const role of ROLES) {
      const allowed = EXPECTED[label]!.includes(role);
      it(`${label} × ${role}: ${allowed ? 'allowed' : 'refused'}`, () => {
        expect(rolesFor(message, payloadFor(fields)).includes(role)).toBe(allowed);
      });
    }
  }

  it('gives admin everything and auditor nothing', () => {
    for (const { message, fields } of CELLS) {
      expect(rolesFor(message, fields)).toContain('admin');
      expect(rolesFor(message, fields)).not.toContain('auditor');
    }
  });

  it('leaves an operatorAction without a known action to admin, and unknown messages to nobody', () => {
    for (const payload of [{}, { action: 'explode' }, { action: 7 }, null, 'unlock', { action: 'toString' }]) {
      expect(rolesFor('operatorAction', payload)).toEqual(['admin']);
    }
    for (const message of ['policyChanged', 'userChanged', 'status', '', 'toString', '__proto__', 'constructor']) {
      expect(rolesFor(message, {})).toEqual([]);
    }
  });

  it('holds end to end through authorize, for any role and cell (property)', () => {
    const registry = registryOf(
      ...ROLES.map((role) => principalRecord(`p-${role}`, [role], role === 'selfservice' ? { user: 'alice' } : {})),
    );
    fc.assert(
      fc.property(fc.constantFrom(...ROLES), fc.constantFrom(...CELLS), fc.boolean(), (role, cell, withOrigin) => {
        const origin = ROLE_ORIGIN[role];
        const payload = payloadFor({ ...cell.fields, ...(withOrigin && origin !== null ? { origin } : {}) });
        const argument = signedBy(`p-${role}`, cell.message, payload);
        const decision = authorize({
          registry,
          workflowId: 'token-EA000123',
          message: cell.message,
          argument,
          nowMs: T0,
          seen: () => false,
          tokenUser: 'alice',
        });
        const allowed = EXPECTED[cell.label]!.includes(role);
        expect(decision.ok, `${cell.label} × ${role}`).toBe(allowed);
        if (!decision.ok) expect(decision.reason).toBe('out-of-role');
      }),
      { numRuns: 300 },
    );
  });
});

describe('mayRoles', () => {
  it('reads the table: one of the roles must be in the cell', () => {
    expect(mayRoles(['helpdesk'], 'operatorAction', { action: 'unlock' })).toBe(true);
    expect(mayRoles(['helpdesk'], 'operatorAction', { action: 'unassign' })).toBe(false);
    expect(mayRoles(['auditor', 'admin'], 'operatorAction', { action: 'unassign' })).toBe(true);
    expect(mayRoles(['helpdesk'], 'setPolicy')).toBe(false);
    expect(mayRoles(['admin'], 'setPolicy')).toBe(true);
    expect(mayRoles(['auditor'], 'lost')).toBe(false);
    expect(mayRoles([], 'lost')).toBe(false);
    expect(mayRoles(['admin'], 'policyChanged')).toBe(false);
    expect(mayRoles(['helpdesk'], 'operatorAction')).toBe(false); // no action: admin's alone
  });

  it('checks the origin the payload claims against the roles that may send it', () => {
    expect(mayRoles(['selfservice'], 'lost', { origin: 'self-service' })).toBe(true);
    expect(mayRoles(['selfservice'], 'lost', { origin: 'operator' })).toBe(false);
    expect(mayRoles(['selfservice', 'system'], 'lost', { origin: 'system' })).toBe(true); // an incident's reporter
    expect(mayRoles(['system'], 'lost', { origin: 'operator' })).toBe(false);
    expect(mayRoles(['authenticator'], 'requestOnDemand', { origin: 'operator' })).toBe(false);
    expect(mayRoles(['helpdesk'], 'lost', { origin: 'operator' })).toBe(true);
    expect(mayRoles(['helpdesk'], 'lost', { origin: 'nobody' })).toBe(false);
  });

  it('agrees with authorize for any roles, cell and origin (property)', () => {
    const origins = [undefined, ...ORIGINS, 'elsewhere'];
    fc.assert(
      fc.property(
        fc.subarray([...ROLES]),
        fc.constantFrom(...CELLS),
        fc.constantFrom(...origins),
        (roles, cell, origin) => {
          const payload = payloadFor({ ...cell.fields, ...(origin === undefined ? {} : { origin }) });
          const registry = registryOf(
            principalRecord('p', roles, roles.includes('selfservice') ? { user: 'alice' } : {}),
          );
          const decision = authorize({
            registry,
            workflowId: 'token-EA000123',
            message: cell.message,
            argument: signedBy('p', cell.message, payload),
            nowMs: T0,
            seen: () => false,
            tokenUser: 'alice',
          });
          expect(mayRoles(roles, cell.message, payload), `${cell.label} × [${roles.join(',')}] × ${origin}`).toBe(
            decision.ok,
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('origin follows the role', () => {
  it('maps roles to origins', () => {
    expect(ROLE_ORIGIN).toEqual({
      admin: 'operator',
      helpdesk: 'operator',
      system: 'system',
      selfservice: 'self-service',
      authenticator: 'self-service',
      auditor: null,
    });
  });

  const MAY_CLAIM: Record<Role, Origin[]> = {
    admin: ['operator', 'system', 'self-service'],
    helpdesk: ['operator', 'system', 'self-service'],
    system: ['system', 'self-service'],
    selfservice: ['self-service'],
    authenticator: ['self-service'],
    auditor: [],
  };
  for (const role of ROLES) {
    for (const origin of ORIGINS) {
      const allowed = MAY_CLAIM[role].includes(origin);
      it(`${role} ${allowed ? 'may' : 'may not'} claim ${origin}`, () =>
        expect(originAllowed([role], origin)).toBe(allowed));
    }
  }

  it('takes the strongest of several roles', () => {
    expect(strongestOrigin(['selfservice', 'system'])).toBe('system');
    expect(strongestOrigin(['auditor', 'helpdesk', 'system'])).toBe('operator');
    expect(strongestOrigin(['auditor'])).toBeNull();
    expect(strongestOrigin([])).toBeNull();
  });
});
