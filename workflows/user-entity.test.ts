// Attachments of several tokens in flight on one user at once (an import with rows in parallel):
// each waits for its token's word, and none may overwrite another's serial when it lands.
import { expect, it } from 'vitest';
import type { User } from '../domain/types.js';
import { UserEntity, type UserPorts } from './user-entity.js';

it('keeps every serial when attachments overlap while their tokens answer', async () => {
  const answers: Array<() => void> = [];
  const changed: User[] = [];
  const ports: UserPorts = {
    serialsChanged: (user) => void changed.push(user),
    recordChanged: () => undefined,
    tokenOwner: () => new Promise((resolve) => answers.push(() => resolve('alice'))),
    exportAudit: () => undefined,
    now: () => 0,
  };
  const alice: User = { id: 'alice', name: 'Alice', email: null, mobile: null, onDemand: null, serials: [] };
  const entity = new UserEntity('alice', alice, ports);
  const attaching = ['T1', 'T2', 'T3'].map((serial) =>
    entity.attach({ serial, requestId: `r-${serial}`, actor: 'admin' } as Parameters<UserEntity['attach']>[0]),
  );
  await Promise.resolve();
  for (const answer of answers.reverse()) answer(); // the tokens answer out of order
  await Promise.all(attaching);
  expect([...entity.user!.serials].sort()).toEqual(['T1', 'T2', 'T3']);
  expect(changed.at(-1)!.serials).toHaveLength(3);
});
