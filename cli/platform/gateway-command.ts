// `ea gateway` (spec §8) and the gateway inside `npm start`: signs as --key, else EA_KEY, else (the
// embedded default only) the data folder's gateway key, registered as an authenticator on first
// use. Prints its ports and where its secret and token are.
import { EaError } from '../../client/ea-service.js';
import { connectEaService } from '../../client/connect-service.js';
import { keyFileSigner } from '../../client/signer.js';
import { gatewaySources } from '../../gateway/gateway-config.js';
import { startGateway, type RunningGateway } from '../../gateway/start-gateway.js';
import { hasExternalServer } from '../../worker/connection-config.js';
import { dataDir } from '../../worker/data-dir.js';
import { resolve } from 'node:path';
import { bootstrapEmbeddedGateway, describeBootstrap } from './bootstrap-admin.js';
import { untilSignal } from './server-command.js';

export interface GatewayCommandOptions {
  radiusPort: number;
  httpPort: number;
  host: string;
  clients?: string;
  tokens?: string;
  key?: string;
}

/**
 * The gateway, running; `lines` tell the operator what listens where and where its secrets are.
 * `embedded`: the server is the embedded default (`ea start` knows; it sets TEMPORAL_ADDRESS itself).
 */
export async function launchGateway(
  env: NodeJS.ProcessEnv,
  options: GatewayCommandOptions,
  embedded = !hasExternalServer(env),
): Promise<{ gateway: RunningGateway; lines: string[]; close(): Promise<void> }> {
  const lines: string[] = [];
  let keyFile = options.key ?? env.EA_KEY;
  if (keyFile) keyFile = resolve(keyFile);
  else if (!embedded)
    throw new EaError(
      'invalid',
      'on a cluster the gateway needs an authenticator key: `npx ea principal add gateway --role authenticator --key-out FILE`, then --key FILE or EA_KEY=FILE',
    );
  else {
    const bootstrap = await bootstrapEmbeddedGateway(env);
    const line = describeBootstrap(bootstrap);
    if (line) lines.push(line);
    keyFile = bootstrap.keyFile;
  }
  const sources = gatewaySources(env, dataDir(env), options);
  const signer = keyFileSigner(keyFile);
  const principal = signer.principal; // read now: a missing key is said before anything listens
  const connection = await connectEaService(env, signer);
  const gateway = await startGateway(connection.service, { ...options, ...sources }).catch(async (error: unknown) => {
    await connection.close();
    throw error;
  });
  lines.push(
    `Gateway (principal ${principal}): RADIUS udp ${options.host}:${gateway.radiusPort} for ${sources.clientsFrom}`,
    `  HTTP http://${options.host}:${gateway.httpPort} (/validate/check, /healthz, /metrics, /openapi.json) for ${sources.callersFrom}`,
  );
  return {
    gateway,
    lines,
    close: async () => {
      await gateway.close();
      await connection.close();
    },
  };
}

export async function runGatewayCommand(options: GatewayCommandOptions): Promise<number> {
  const stop = untilSignal();
  const { lines, close } = await launchGateway(process.env, options);
  for (const line of lines) console.log(line);
  console.log('Ctrl-C stops it.');
  await stop;
  await close();
  return 0;
}
