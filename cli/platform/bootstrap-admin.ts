// `ea start`, `ea worker` and `ea gateway` in the embedded default (no TEMPORAL_ADDRESS): once a
// worker runs, the data folder's admin key exists and the principal registry has it (spec §5,
// "Bootstrap"); the gateway's key likewise, registered by that admin with the authenticator role.
import { bootstrapAdmin, bootstrapGateway, GATEWAY_PRINCIPAL, type Bootstrap } from '../../client/bootstrap.js';
import { connectClient } from '../../client/connect-service.js';
import type { EaService } from '../../client/ea-service.js';
import { adminKeyPath, keyPathIn } from '../../client/keys.js';
import { keyFileSigner } from '../../client/signer.js';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import { dataDir } from '../../worker/data-dir.js';

/** Runs `body` with a service signing as the data folder's admin key. */
async function asEmbeddedAdmin<T>(env: NodeJS.ProcessEnv, body: (service: EaService, keyFile: string) => Promise<T>) {
  const dir = dataDir(env);
  const keyFile = adminKeyPath(dir);
  const client = await connectClient(env);
  try {
    return await body(new TemporalEaService(client, dir, keyFileSigner(keyFile)), keyFile);
  } finally {
    await client.connection.close();
  }
}

export function bootstrapEmbeddedAdmin(env: NodeJS.ProcessEnv): Promise<Bootstrap & { keyFile: string }> {
  return asEmbeddedAdmin(env, async (service, keyFile) => ({ ...(await bootstrapAdmin(service, keyFile)), keyFile }));
}

/** The embedded gateway's key, `<data>/keys/gateway.key`, registered as an authenticator. */
export function bootstrapEmbeddedGateway(env: NodeJS.ProcessEnv): Promise<Bootstrap & { keyFile: string }> {
  const keyFile = keyPathIn(dataDir(env), GATEWAY_PRINCIPAL);
  return asEmbeddedAdmin(env, async (service) => ({ ...(await bootstrapGateway(service, keyFile)), keyFile }));
}

/** One line for the operator when something happened; nothing when all was in place already. */
export function describeBootstrap(result: Bootstrap & { keyFile: string }): string | null {
  const who = `principal ${result.key.principal}`;
  const as = result.key.principal === GATEWAY_PRINCIPAL ? 'an authenticator' : 'the first admin';
  if (result.outcome === 'registered')
    return result.keyCreated
      ? `Created the key ${result.keyFile} and registered it as ${as} (${who}).`
      : `Registered the key ${result.keyFile} as ${as} (${who}).`;
  return result.keyCreated ? `Created the key ${result.keyFile} (${who}).` : null;
}
