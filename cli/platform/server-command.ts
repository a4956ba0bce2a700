// `ea server`: the embedded Temporal dev server on the data folder's SQLite file, with the codec
// endpoint its Web UI uses. Foreground; Ctrl-C stops both.
import { EncryptionCodec } from '../../worker/codec/encryption-codec.js';
import { loadKeyRing } from '../../worker/codec/encryption-keys.js';
import { codecOrigins, loadCodecToken, uiCodecEndpoint } from '../../worker/codec-access.js';
import { createCodecServer, listen } from '../../worker/codec-server.js';
import { dataDir, ownerOnlyDataDir } from '../../worker/data-dir.js';
import { probe, startDevServer, type DevServer } from '../../worker/dev-server.js';
import { isOwnEmbeddedServer, PortTakenError } from '../../worker/embedded-server-mark.js';
import { prepareNamespace } from '../../worker/prepare-namespace.js';
import { loadConnectConfig } from '../../worker/connection-config.js';

export interface ServerOptions {
  port: number;
  uiPort?: number;
  headless?: boolean;
  codecPort: number;
}

export interface EmbeddedServer {
  address: string;
  uiUrl: string | null;
  codecUrl: string | null;
  /** Where the codec endpoint's bearer token is (EA_CODEC_TOKEN or the token file), never the token. */
  codecTokenSource: string | null;
  stop(): Promise<void>;
}

/**
 * Starts server and codec endpoint, or says that this data folder's server already listens (and
 * prepares it). Throws PortTakenError when any other server answers on the port.
 */
export async function startEmbeddedServer(
  options: ServerOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<EmbeddedServer | { alreadyRunning: string }> {
  const address = `127.0.0.1:${options.port}`;
  const dir = ownerOnlyDataDir(env);
  const { namespace } = loadConnectConfig(env);
  const existing = await probe(address);
  if (existing) {
    try {
      if (!(await isOwnEmbeddedServer(existing, namespace, dir))) throw new PortTakenError(address, dir);
      await prepareNamespace(existing, namespace);
    } finally {
      await existing.close();
    }
    return { alreadyRunning: address };
  }
  const uiPort = options.uiPort ?? options.port + 1000;
  const codecToken = options.headless ? null : loadCodecToken(env, dir);
  const codecServer = codecToken
    ? createCodecServer(new EncryptionCodec(loadKeyRing(env, dir)), {
        token: codecToken.token,
        origins: codecOrigins(env, uiPort),
      })
    : null;
  const codecPort = codecServer ? await listen(codecServer, options.codecPort) : null;
  const codecUrl = codecPort ? `http://127.0.0.1:${codecPort}` : null;
  let server: DevServer;
  try {
    server = await startDevServer({
      dataDir: dir,
      port: options.port,
      uiPort,
      headless: options.headless,
      namespace,
      codecEndpoint: codecUrl && codecToken ? uiCodecEndpoint(codecUrl, codecToken.token) : undefined,
      env,
    });
  } catch (error) {
    codecServer?.close();
    throw error;
  }
  return {
    address: server.address,
    uiUrl: server.uiUrl,
    codecUrl,
    codecTokenSource: codecToken?.source ?? null,
    async stop() {
      codecServer?.close();
      await server.stop();
    },
  };
}

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

/** startEmbeddedServer, with a foreign server on the port told to the operator (null then). */
export async function startEmbeddedServerOrSay(
  options: ServerOptions,
  env: NodeJS.ProcessEnv = process.env,
): Promise<EmbeddedServer | { alreadyRunning: string } | null> {
  try {
    return await startEmbeddedServer(options, env);
  } catch (error) {
    if (!(error instanceof PortTakenError)) throw error;
    console.error(error.message);
    return null;
  }
}

export async function runServerCommand(options: ServerOptions): Promise<number> {
  const started = await startEmbeddedServerOrSay(options);
  if (started === null) return 1;
  if ('alreadyRunning' in started) {
    console.error(
      `This data folder's embedded server already listens on ${started.alreadyRunning}; not starting another (search attributes and retention checked).`,
    );
    return 1;
  }
  console.log(`Temporal server: ${started.address}   (data: ${dataDir()})`);
  if (started.uiUrl)
    console.log(
      `Web UI:          ${started.uiUrl}   (codec endpoint ${started.codecUrl}, bearer token in ${started.codecTokenSource})`,
    );
  console.log('Press Ctrl-C to stop.');
  await untilSignal();
  await started.stop();
  return 0;
}
