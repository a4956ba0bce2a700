// `npm start` (`ea start`): the embedded server (unless TEMPORAL_ADDRESS or a profile points
// elsewhere), a worker in a child process, the data folder's admin key registered (embedded only,
// spec §5 "Bootstrap"), the authentication gateway (its own key: --gateway-key, EA_GATEWAY_KEY, or
// the data folder's gateway key), and the dashboard in the foreground, signing with --key, EA_KEY or that
// admin key. Quitting the dashboard, Ctrl-C or SIGTERM stop all of it, children first.
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasExternalServer, loadConnectConfig } from '../../worker/connection-config.js';
import { ownerOnlyDataDir } from '../../worker/data-dir.js';
import { bootstrapEmbeddedAdmin, describeBootstrap } from './bootstrap-admin.js';
import type { GatewayCommandOptions } from './gateway-command.js';
import { startEmbeddedServerOrSay, untilSignal, type EmbeddedServer, type ServerOptions } from './server-command.js';

const cliMain = fileURLToPath(new URL('../main.ts', import.meta.url));

function spawnWorker(env: NodeJS.ProcessEnv, logFile: string): Promise<ChildProcess> {
  const log = createWriteStream(logFile, { flags: 'a', mode: 0o600 });
  const child = spawn(process.execPath, ['--import', 'tsx', cliMain, 'worker'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  process.once('exit', () => child.kill('SIGKILL')); // never leave an orphan, whatever happens to us
  // What it said on stderr before it ended, so a refusal (wrong keys) is read where `ea start` runs.
  let said = '';
  child.stderr!.on('data', (chunk: Buffer) => (said = (said + chunk.toString()).slice(-2_000)));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('Worker polling')) resolve(child);
    });
    child.once('exit', (code) =>
      reject(
        new Error(
          `the worker exited with code ${code} during start-up (log: ${logFile})${said ? `:\n${said.trim()}` : ''}`,
        ),
      ),
    );
  });
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export type StartOptions = ServerOptions &
  Omit<GatewayCommandOptions, 'key'> & { dashboard: boolean; gateway: boolean; key?: string; gatewayKey?: string };

/** The gateway in this process; a failure to start it (a port in use) is said, and the rest runs on. */
async function startGatewayHere(
  env: NodeJS.ProcessEnv,
  options: StartOptions,
  embedded: boolean,
): Promise<(() => Promise<void>) | null> {
  try {
    const { launchGateway } = await import('./gateway-command.js');
    const key = options.gatewayKey ?? env.EA_GATEWAY_KEY;
    const launched = await launchGateway(
      { ...env, EA_KEY: undefined },
      { ...options, ...(key ? { key } : {}) },
      embedded,
    );
    for (const line of launched.lines) console.log(line);
    return launched.close;
  } catch (error) {
    console.error(`The gateway did not start: ${(error as Error).message}`);
    return null;
  }
}

export async function runStartCommand(options: StartOptions): Promise<number> {
  // Listening from the start: a stop asked for during start-up, or just after the ready line, stops
  // what started instead of killing this process by the signal's default and orphaning the children.
  let stopAsked = false;
  const stop = untilSignal().then(() => void (stopAsked = true));
  const env = { ...process.env };
  const dir = ownerOnlyDataDir(env);
  let server: EmbeddedServer | null = null;
  const embedded = !hasExternalServer(env);
  if (!embedded) {
    console.log(
      `Using the Temporal server at ${loadConnectConfig(env).connectionOptions.address} (TEMPORAL_* settings); nothing embedded starts.`,
    );
  } else {
    const started = await startEmbeddedServerOrSay(options, env);
    if (started === null) return 1;
    if ('alreadyRunning' in started) {
      console.log(`Using this data folder's embedded server, already running on ${started.alreadyRunning}.`);
      env.TEMPORAL_ADDRESS = started.alreadyRunning;
    } else {
      server = started;
      env.TEMPORAL_ADDRESS = started.address;
      console.log(
        `Temporal server ${started.address}${started.uiUrl ? `, Web UI ${started.uiUrl}` : ''} (data: ${dir})`,
      );
    }
  }
  let worker: ChildProcess | null = null;
  let stopGateway: (() => Promise<void>) | null = null;
  try {
    try {
      worker = await spawnWorker(env, join(dir, 'worker.log'));
    } catch (error) {
      // Refused (keys that do not match the deployment's) or failed: said, not a crash of ours.
      console.error(`The worker did not start: ${(error as Error).message}`);
      return 1;
    }
    console.log(`Worker running (log: ${join(dir, 'worker.log')}).`);
    if (embedded) {
      // After the worker: the registry's update needs one. The worker, told TEMPORAL_ADDRESS, leaves it to us.
      try {
        const line = describeBootstrap(await bootstrapEmbeddedAdmin(env));
        if (line) console.log(line);
      } catch (error) {
        console.error(`Could not register the admin key: ${(error as Error).message}`);
      }
    }
    if (options.gateway && !stopAsked) stopGateway = await startGatewayHere(env, options, embedded);
    if (!options.dashboard) {
      console.log('Running without the dashboard; Ctrl-C stops everything.');
      await stop;
    } else if (!stopAsked) {
      const [{ connectEaService }, { runDashboard }, { keyFileOf }, { keyFileSigner }] = await Promise.all([
        import('../../client/connect-service.js'),
        import('../../tui/run-dashboard.js'),
        import('../../client/keys.js'),
        import('../../client/signer.js'),
      ]);
      const signer = keyFileSigner(keyFileOf(env, options.key));
      const principal = signer.principal; // the key is read now: a missing one is said before the screen opens
      const { service, close } = await connectEaService(env, signer);
      try {
        await runDashboard(service, { principal });
      } finally {
        await close();
      }
    }
  } finally {
    await stopGateway?.();
    if (worker) await stopChild(worker);
    await server?.stop();
  }
  return 0;
}
