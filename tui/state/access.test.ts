import { describe, expect, it } from 'vitest';
import { principalRecord } from '../../trust/test-fixtures.js';
import {
  accessLabel,
  accessOf,
  mayAll,
  refusalOf,
  sameAccess,
  UNKNOWN_ACCESS,
  type Access,
  type SignedSend,
} from './access.js';

const records = [
  principalRecord('eva', ['admin']),
  principalRecord('hd-anna', ['helpdesk', 'auditor']),
  principalRecord('olaf', ['helpdesk'], { state: 'revoked', revokedAt: '2026-02-01T00:00:00.000Z' }),
  { ...principalRecord('broken', ['admin']), roles: ['root'] } as never,
];

const SET_POLICY: SignedSend = { message: 'setPolicy' };
const UNASSIGN: SignedSend = { message: 'operatorAction', payload: { action: 'unassign', origin: 'operator' } };
const LOST: SignedSend = { message: 'lost', payload: { origin: 'operator' } };

describe('access', () => {
  it('reads the principal from the registry by name', () => {
    expect(accessOf(records, 'eva')).toEqual({ kind: 'active', roles: ['admin'] });
    expect(accessOf(records, 'hd-anna')).toEqual({ kind: 'active', roles: ['helpdesk', 'auditor'] });
    expect(accessOf(records, 'olaf')).toEqual({ kind: 'revoked', roles: ['helpdesk'] });
    expect(accessOf(records, 'mallory')).toEqual({ kind: 'unregistered' });
    expect(accessOf(records, 'broken')).toEqual({ kind: 'unregistered' }); // a malformed record is none
    expect(accessOf(records, '__proto__')).toEqual({ kind: 'unregistered' });
    expect(accessOf([], 'eva')).toEqual({ kind: 'unregistered' });
  });

  it('labels the header: roles, revoked, unregistered, or the name alone', () => {
    expect(accessLabel('hd-anna', accessOf(records, 'hd-anna'))).toBe('hd-anna (helpdesk,auditor)');
    expect(accessLabel('olaf', accessOf(records, 'olaf'))).toBe('olaf (revoked)');
    expect(accessLabel('mallory', accessOf(records, 'mallory'))).toBe('mallory (unregistered)');
    expect(accessLabel('eva', UNKNOWN_ACCESS)).toBe('eva');
    expect(accessLabel('nobody', { kind: 'active', roles: [] })).toBe('nobody (no role)');
  });

  it('allows what the role table allows, nothing when revoked or unregistered, everything while unknown', () => {
    const eva = accessOf(records, 'eva');
    const anna = accessOf(records, 'hd-anna');
    expect(mayAll(eva, [SET_POLICY, UNASSIGN, LOST])).toBe(true);
    expect(mayAll(anna, [LOST])).toBe(true);
    expect(mayAll(anna, [LOST, UNASSIGN])).toBe(false);
    expect(mayAll(anna, [SET_POLICY])).toBe(false);
    expect(mayAll({ kind: 'active', roles: ['auditor'] }, [LOST])).toBe(false);
    expect(mayAll({ kind: 'revoked', roles: ['admin'] }, [LOST])).toBe(false);
    expect(mayAll({ kind: 'unregistered' }, [LOST])).toBe(false);
    expect(mayAll(UNKNOWN_ACCESS, [SET_POLICY, UNASSIGN])).toBe(true);
    expect(mayAll({ kind: 'unregistered' }, [])).toBe(true);
  });

  it('says in one line why a message is not allowed', () => {
    expect(refusalOf('eva', accessOf(records, 'eva'), SET_POLICY)).toBeNull();
    expect(refusalOf('eva', UNKNOWN_ACCESS, SET_POLICY)).toBeNull();
    expect(refusalOf('hd-anna', accessOf(records, 'hd-anna'), SET_POLICY)).toBe(
      'setPolicy takes admin; hd-anna has helpdesk, auditor',
    );
    expect(refusalOf('olaf', accessOf(records, 'olaf'), SET_POLICY)).toBe('olaf is revoked');
    expect(refusalOf('mallory', accessOf(records, 'mallory'), SET_POLICY)).toBe(
      'mallory is not a registered principal',
    );
    expect(refusalOf('ss', { kind: 'active', roles: ['selfservice'] }, LOST)).toBe(
      'ss (selfservice) may not send lost as operator',
    );
  });

  it('compares accesses by content', () => {
    const a: Access = { kind: 'active', roles: ['helpdesk'] };
    expect(sameAccess(a, { kind: 'active', roles: ['helpdesk'] })).toBe(true);
    expect(sameAccess(a, { kind: 'active', roles: ['admin'] })).toBe(false);
    expect(sameAccess(a, { kind: 'revoked', roles: ['helpdesk'] })).toBe(false);
    expect(sameAccess(UNKNOWN_ACCESS, { kind: 'unknown' })).toBe(true);
    expect(sameAccess(UNKNOWN_ACCESS, { kind: 'unregistered' })).toBe(false);
  });
});
