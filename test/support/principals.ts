// Principals for tests beyond the bootstrap admin: a fresh key registered with the given roles.
import { generateKey, publicKeyText } from '../../client/keys.js';
import { keySigner, type Signer } from '../../client/signer.js';
import type { Role } from '../../trust/roles.js';
import type { ProductEnv } from './product-env.js';

export async function registeredSigner(product: ProductEnv, name: string, roles: Role[]): Promise<Signer> {
  const key = generateKey(name);
  await product.service.addPrincipal({ name, publicKey: publicKeyText(key), roles }, {});
  return keySigner(key);
}
