// `ea start` and `ea worker` in the embedded default (no TEMPORAL_ADDRESS): once a worker runs, the
// data folder's admin key exists and the principal registry has it (spec §5, "Bootstrap").
import { bootstrapAdmin, type Bootstrap } from '../../client/bootstrap.js';
import { connectClient } from '../../client/connect-service.js';
import { adminKeyPath } from '../../client/keys.js';
import { keyFileSigner } from '../../client/signer.js';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import { dataDir } from '../../worker/data-dir.js';

export async function bootstrapEmbeddedAdmin(env: NodeJS.ProcessEnv): Promise<Bootstrap & { keyFile: string }> {
  const dir = dataDir(env);
  const keyFile = adminKeyPath(dir);
  const client = await connectClient(env);
  try {
    const service = new TemporalEaService(client, dir, keyFileSigner(keyFile));
    return { ...(await bootstrapAdmin(service, keyFile)), keyFile };
  } finally {
    await client.connection.close();
  }
}

/** One line for the operator when something happened; nothing when all was in place already. */
export function describeBootstrap(result: Bootstrap & { keyFile: string }): string | null {
  const who = `principal ${result.key.principal}`;
  if (result.outcome === 'registered')
    return result.keyCreated
      ? `Created the admin key ${result.keyFile} and registered it as the first admin (${who}).`
      : `Registered the key ${result.keyFile} as the first admin (${who}).`;
  return result.keyCreated ? `Created the key ${result.keyFile} (${who}).` : null;
}
