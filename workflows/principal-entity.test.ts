import { ApplicationFailure } from '@temporalio/common';
import { beforeEach, describe, expect, it } from 'vitest';
import { REFUSED } from '../contract/failures.js';
import type { AuditRecord } from '../domain/types.js';
import { publicKeyOf } from '../trust/envelope.js';
import { encodePublicKey } from '../trust/principal.js';
import { T0, privateKeyOf, signedBy } from '../trust/test-fixtures.js';
import { EMPTY_REGISTRY, PrincipalEntity } from './principal-entity.js';

const ID = 'ea-principals';
const keyOf = (name: string) => encodePublicKey(publicKeyOf(privateKeyOf(name)));
let n = 0;
const sign = (by: string, message: string, payload: Record<string, unknown>) =>
  signedBy(by, message, { requestId: `r${++n}`, ...payload }, { workflowId: ID }) as Record<string, unknown> as never;

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect((error as ApplicationFailure).type).toBe(REFUSED);
    return (error as ApplicationFailure).message;
  }
  throw new Error('expected a refusal');
}

describe('PrincipalEntity', () => {
  let audit: AuditRecord[];
  let registry: PrincipalEntity;
  beforeEach(() => {
    audit = [];
    registry = new PrincipalEntity(EMPTY_REGISTRY, (records) => audit.push(...records));
    registry.init(sign('eva', 'initPrincipals', { name: 'eva', publicKey: keyOf('eva') }), ID, T0);
  });

  it('registers the first admin from its self-signed request', () => {
    expect(registry.list()).toEqual([expect.objectContaining({ name: 'eva', roles: ['admin'], state: 'active' })]);
    expect(audit.at(-1)).toMatchObject({ actor: 'eva', type: 'principal-added', outcome: 'ok' });
  });

  it('refuses a second init, and audits it with the claimed principal', () => {
    const again = sign('mallory', 'initPrincipals', { name: 'mallory', publicKey: keyOf('mallory') });
    expect(refusal(() => registry.init(again, ID, T0))).toMatch(/already has an admin/);
    expect(audit.at(-1)).toMatchObject({ actor: 'mallory', type: 'refused', outcome: 'refused' });
  });

  it('refuses an init signed by a key other than the one it registers', () => {
    const fresh = new PrincipalEntity(EMPTY_REGISTRY, () => undefined);
    const forged = sign('mallory', 'initPrincipals', { name: 'mallory', publicKey: keyOf('eva') });
    expect(refusal(() => fresh.init(forged, ID, T0))).toMatch(/sign its own registration/);
    expect(fresh.list()).toEqual([]);
  });

  it('adds a principal an admin signed for', () => {
    const added = registry.add(
      sign('eva', 'addPrincipal', { name: 'gw', publicKey: keyOf('gw'), roles: ['authenticator'] }),
      ID,
      T0,
    );
    expect(added).toMatchObject({ name: 'gw', roles: ['authenticator'], state: 'active' });
    expect(audit.at(-1)).toMatchObject({ actor: 'eva', type: 'principal-added', detail: { principal: 'gw' } });
  });

  it.each([
    [
      'an unknown principal',
      () => sign('mallory', 'addPrincipal', { name: 'm2', publicKey: keyOf('m2'), roles: ['admin'] }),
    ],
    [
      'a tampered payload',
      () =>
        ({
          ...signedBy(
            'eva',
            'addPrincipal',
            { requestId: 'x0', name: 'gw', publicKey: keyOf('gw'), roles: ['authenticator'] },
            { workflowId: ID },
          ),
          roles: ['admin'],
        }) as never,
    ],
    [
      'a request for another workflow',
      () =>
        signedBy('eva', 'addPrincipal', {
          requestId: 'x1',
          name: 'gw',
          publicKey: keyOf('gw'),
          roles: ['admin'],
        }) as never,
    ],
    ['no signature', () => ({ requestId: 'x2', name: 'gw', publicKey: keyOf('gw'), roles: ['admin'] }) as never],
  ])('refuses %s and changes nothing', (_, argument) => {
    refusal(() => registry.add(argument(), ID, T0));
    expect(registry.list().map((p) => p.name)).toEqual(['eva']);
  });

  it('refuses a request that is not within the role', () => {
    registry.add(sign('eva', 'addPrincipal', { name: 'hd', publicKey: keyOf('hd'), roles: ['helpdesk'] }), ID, T0);
    const byHelpdesk = sign('hd', 'addPrincipal', { name: 'x', publicKey: keyOf('x'), roles: ['admin'] });
    expect(refusal(() => registry.add(byHelpdesk, ID, T0))).toBeTruthy();
    expect(audit.at(-1)).toMatchObject({ actor: 'hd', type: 'refused' });
  });

  it('refuses the same signed request twice', () => {
    const request = sign('eva', 'addPrincipal', { name: 'gw', publicKey: keyOf('gw'), roles: ['authenticator'] });
    registry.add(request, ID, T0);
    refusal(() => registry.add(request, ID, T0 + 1000));
  });

  it('revokes, and a revoked principal signs nothing more', () => {
    registry.add(sign('eva', 'addPrincipal', { name: 'ann', publicKey: keyOf('ann'), roles: ['admin'] }), ID, T0);
    registry.revoke(sign('eva', 'revokePrincipal', { name: 'ann' }), ID, T0);
    expect(registry.principals.ann).toMatchObject({ state: 'revoked' });
    const byRevoked = sign('ann', 'addPrincipal', { name: 'x', publicKey: keyOf('x'), roles: ['admin'] });
    expect(refusal(() => registry.add(byRevoked, ID, T0))).toMatch(/revoked/);
  });

  it('keeps the last active admin', () => {
    expect(refusal(() => registry.revoke(sign('eva', 'revokePrincipal', { name: 'eva' }), ID, T0))).toMatch(
      /last active admin/,
    );
  });
});
