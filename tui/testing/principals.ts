// In-memory services with a principal registry, for the dashboard's tests: the service acts as
// `admin`, registered (self-signed) as the registry's first admin, and adds the other principals
// a test names, as `ea principal add` does. A dashboard rendered as one of those sees what its
// roles allow; the in-memory service checks only the registry's signatures, so the actions a test
// then performs are signed as `admin` whatever principal the dashboard shows.
import { ADMIN_PRINCIPAL, generateKey, publicKeyText } from '../../client/keys.js';
import { MemoryEaService } from '../../client/memory-ea-service.js';
import type { Role } from '../../trust/roles.js';
import { TEST_NOW } from './render.js';

export interface RegisteredServiceOptions {
  clock?: () => number;
  /** Principals to add besides `admin`, by name. */
  principals?: Record<string, Role[]>;
  /** Principals to revoke once added. */
  revoked?: string[];
}

export async function registeredService(options: RegisteredServiceOptions = {}): Promise<MemoryEaService> {
  const key = generateKey(ADMIN_PRINCIPAL);
  const service = new MemoryEaService({ clock: options.clock ?? (() => TEST_NOW), key });
  await service.initPrincipals(key);
  for (const [name, roles] of Object.entries(options.principals ?? {}))
    await service.addPrincipal({ name, publicKey: publicKeyText(generateKey(name)), roles }, {});
  for (const name of options.revoked ?? []) await service.revokePrincipal(name, {});
  return service;
}
