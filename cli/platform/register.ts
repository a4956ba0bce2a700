// The platform's commands: server, worker, dashboard, start, gateway, doctor, codec-server.
// Each action imports what it runs, so `ea --help` and the operator commands load none of it.
import { InvalidArgumentError, type Command } from 'commander';
import { DEFAULT_HTTP_PORT, DEFAULT_RADIUS_PORT } from '../../gateway/defaults.js';
import type { GatewayCommandOptions } from './gateway-command.js';

const DEFAULT_CODEC_PORT = 8888;
const QUIT_GRACE_MS = 2_000;
const KEY_HELP = "your principal's private key file (default: $EA_KEY, else <data>/keys/admin.key)";
const int = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 65_535) throw new InvalidArgumentError(`not a port (0–65535): ${value}`);
  return n;
};

/** Sets the exit code the command ends with; commander's action promises carry no value. */
const exitWith = (code: number) => void (process.exitCode = code);

const GATEWAY_KEY_HELP =
  "an authenticator's private key file (default: $EA_KEY, else <data>/keys/gateway.key, made and registered in the embedded default)";

/** The gateway's options, shared by `gateway` and `start`. */
function withGatewayOptions(command: Command): Command {
  return command
    .option('--radius-port <n>', 'RADIUS UDP port', int, DEFAULT_RADIUS_PORT)
    .option('--http-port <n>', 'HTTP port', int, DEFAULT_HTTP_PORT)
    .option('--host <address>', 'address both listen on (0.0.0.0 or :: for every interface)', '127.0.0.1')
    .option('--clients <file>', 'RADIUS clients file (default: loopback clients with EA_RADIUS_SECRET)')
    .option('--tokens <file>', 'HTTP callers file, NAME TOKEN per line (default: EA_GATEWAY_TOKEN)');
}

/** The embedded server's options, shared by `server` and `start`. */
function withServerOptions(command: Command): Command {
  return command
    .option('--port <n>', 'gRPC port of the embedded server', int, 7233)
    .option('--ui-port <n>', 'Web UI port (default: port + 1000)', int)
    .option('--codec-port <n>', 'codec endpoint port for the Web UI', int, DEFAULT_CODEC_PORT)
    .option('--headless', 'no Web UI');
}

export function registerPlatformCommands(program: Command): void {
  withServerOptions(program.command('server'))
    .description('embedded Temporal dev server on the SQLite file in the data folder (foreground)')
    .action(async (opts) => {
      const { runServerCommand } = await import('./server-command.js');
      exitWith(await runServerCommand(opts));
    });

  program
    .command('worker')
    .description('the worker (foreground)')
    .option(
      '--public-key',
      "print the public half of the workers' current key (what EA_WORKER_PUBLIC_KEY takes on operators' machines) and exit",
    )
    .option('--json', 'with --public-key: one JSON document on stdout')
    .action(async (opts: { publicKey?: boolean; json?: boolean }) => {
      if (opts.publicKey) {
        const { printWorkerPublicKey } = await import('./worker-public-key-command.js');
        exitWith(printWorkerPublicKey(opts));
        return;
      }
      const { runWorkerCommand } = await import('./worker-command.js');
      exitWith(await runWorkerCommand());
    });

  program
    .command('dashboard')
    .description('the Ink dashboard')
    .option('--key <file>', KEY_HELP)
    .action(async (opts: { key?: string }) => {
      const [{ connectEaService }, { runDashboard }, { keyFileOf }, { keyFileSigner }] = await Promise.all([
        import('../../client/connect-service.js'),
        import('../../tui/run-dashboard.js'),
        import('../../client/keys.js'),
        import('../../client/signer.js'),
      ]);
      const signer = keyFileSigner(keyFileOf(process.env, opts.key));
      const principal = signer.principal; // the key is read now: a missing one is said before the screen opens
      const { service, close } = await connectEaService(process.env, signer);
      try {
        await runDashboard(service, { principal });
      } finally {
        // The operator has quit: a poll still in flight or the closing channel must not keep the
        // terminal waiting. Give the connection a moment to close, then end.
        await Promise.race([close(), new Promise((resolve) => setTimeout(resolve, QUIT_GRACE_MS).unref())]);
      }
      process.exit(process.exitCode ?? 0);
    });

  withGatewayOptions(withServerOptions(program.command('start')))
    .description('server (unless TEMPORAL_ADDRESS is set) + worker + gateway + dashboard; all stop together')
    .option('--no-dashboard', 'run server, worker and gateway only, until Ctrl-C')
    .option('--no-gateway', 'do not run the authentication gateway')
    .option('--key <file>', KEY_HELP)
    .option('--gateway-key <file>', GATEWAY_KEY_HELP)
    .action(async (opts) => {
      const { runStartCommand } = await import('./start-command.js');
      exitWith(await runStartCommand(opts));
    });

  withGatewayOptions(program.command('gateway'))
    .description('the authentication gateway: RADIUS and HTTP (foreground)')
    .option('--key <file>', GATEWAY_KEY_HELP)
    .action(async (opts: GatewayCommandOptions) => {
      const { runGatewayCommand } = await import('./gateway-command.js');
      exitWith(await runGatewayCommand(opts));
    });

  program
    .command('doctor')
    .description(
      "check binaries, server, namespace, search attributes, keys (and the deployment's record of them), worker and SMTP",
    )
    .option('--json', 'one JSON document on stdout')
    .action(async (opts: { json?: boolean }) => {
      const { runDoctor } = await import('./doctor.js');
      const checks = await runDoctor();
      const ok = checks.every((c) => c.ok);
      if (opts.json) console.log(JSON.stringify({ ok, checks }));
      else
        for (const c of checks)
          console.log(`${c.ok ? '✓' : '✗'} ${c.check.padEnd(28)} ${c.message}${c.fix ? `\n  → ${c.fix}` : ''}`);
      // Spec §8: 3 when the server cannot be reached, 1 for any other failed check.
      const unreachable = checks.some((c) => c.check === 'server' && !c.ok);
      exitWith(ok ? 0 : unreachable ? 3 : 1);
    });

  program
    .command('codec-server')
    .description('codec endpoint for the Temporal Web UI and CLI (TEMPORAL_CODEC_ENDPOINT, bearer token)')
    .option('--port <n>', 'port', int, DEFAULT_CODEC_PORT)
    .option('--ui-port <n>', 'the Web UI port whose origin may call it (unless EA_CODEC_ORIGINS is set)', int)
    .action(async (opts: { port: number; uiPort?: number }) => {
      const [
        { EncryptionCodec },
        { loadKeyRing },
        access,
        { createCodecServer, listen },
        { dataDir },
        { untilSignal },
      ] = await Promise.all([
        import('../../worker/codec/encryption-codec.js'),
        import('../../worker/codec/encryption-keys.js'),
        import('../../worker/codec-access.js'),
        import('../../worker/codec-server.js'),
        import('../../worker/data-dir.js'),
        import('./server-command.js'),
      ]);
      const { token, source } = access.loadCodecToken(process.env, dataDir());
      const origins = access.codecOrigins(process.env, opts.uiPort);
      const server = createCodecServer(new EncryptionCodec(loadKeyRing(process.env, dataDir())), { token, origins });
      const port = await listen(server, opts.port);
      console.log(
        `Codec endpoint http://127.0.0.1:${port} (POST /encode, /decode) for callers with the bearer token in ${source}; pages of ${origins.join(', ')}. Ctrl-C stops it.`,
      );
      await untilSignal();
      server.close();
    });
}
