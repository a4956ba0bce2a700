// Opens the EaService the CLI and dashboard use: Temporal connection by the TEMPORAL_* conventions,
// the shared encrypting data converter, the data folder for outbox and audit files, and the signer
// of every request (by default the key EA_KEY names, else the data folder's admin key).
import { Client, Connection } from '@temporalio/client';
import { createDataConverter } from '../worker/codec/data-converter.js';
import { loadKeyRing } from '../worker/codec/encryption-keys.js';
import { loadConnectConfig } from '../worker/connection-config.js';
import { dataDir } from '../worker/data-dir.js';
import { EaError, type EaService } from './ea-service.js';
import { keyFileOf } from './keys.js';
import { keyFileSigner, type Signer } from './signer.js';
import { TemporalEaService } from './temporal-ea-service.js';

export const CONNECT_TIMEOUT_MS = 10_000;

export async function connectClient(env: NodeJS.ProcessEnv = process.env): Promise<Client> {
  const config = loadConnectConfig(env);
  let connection: Connection;
  try {
    connection = await Connection.connect({ ...config.connectionOptions, connectTimeout: CONNECT_TIMEOUT_MS });
  } catch (error) {
    throw new EaError(
      'unavailable',
      `cannot reach the Temporal server at ${config.connectionOptions.address} (${(error as Error).message}); start it with \`npm start\` or \`npx ea server\`, or set TEMPORAL_ADDRESS`,
    );
  }
  const keys = loadKeyRing(env, dataDir(env));
  return new Client({ connection, namespace: config.namespace, dataConverter: createDataConverter(keys) });
}

export async function connectEaService(
  env: NodeJS.ProcessEnv = process.env,
  signer: Signer = keyFileSigner(keyFileOf(env)),
): Promise<{ service: EaService; close(): Promise<void> }> {
  const client = await connectClient(env);
  return { service: new TemporalEaService(client, dataDir(env), signer), close: () => client.connection.close() };
}
