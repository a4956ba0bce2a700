// The embedded Temporal server: the Temporal CLI's dev server on a SQLite file in the data folder,
// so emergency access state (and its timers) survives restarts.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { findBinary } from './binaries.js';
import { markEmbeddedServer } from './embedded-server-mark.js';
import { prepareNamespace } from './prepare-namespace.js';

export interface DevServerOptions {
  dataDir: string;
  port?: number;
  uiPort?: number;
  headless?: boolean;
  namespace?: string;
  codecEndpoint?: string;
  env?: NodeJS.ProcessEnv;
}

export interface DevServer {
  address: string;
  uiUrl: string | null;
  process: ChildProcess;
  stop(): Promise<void>;
}

export const SQLITE_FILE = 'temporal.sqlite';

/** A connection if something answers on `address` within `timeoutMs`, else null. */
export async function probe(address: string, timeoutMs = 1_500): Promise<Connection | null> {
  try {
    const connection = await Connection.connect({ address, connectTimeout: timeoutMs });
    await connection.workflowService.getSystemInfo({});
    return connection;
  } catch {
    return null;
  }
}

async function waitUntilServing(address: string, child: ChildProcess, deadlineMs: number): Promise<Connection> {
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  while (Date.now() < deadlineMs) {
    if (exited !== null) throw new Error(`the Temporal dev server exited with code ${exited} before serving`);
    const connection = await probe(address, 1_000);
    if (connection) return connection;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`the Temporal dev server did not answer on ${address} within the start-up time`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const port = options.port ?? 7233;
  const uiPort = options.uiPort ?? port + 1000;
  const namespace = options.namespace ?? 'default';
  const address = `127.0.0.1:${port}`;
  // Flags and their values in pairs.
  // prettier-ignore
  const args = [
    'server', 'start-dev',
    '--db-filename', join(options.dataDir, SQLITE_FILE),
    '--ip', '127.0.0.1',
    '--port', String(port),
    '--namespace', namespace,
    '--log-level', 'error',
    ...(options.headless ? ['--headless'] : ['--ui-port', String(uiPort)]),
    ...(options.codecEndpoint && !options.headless ? ['--ui-codec-endpoint', options.codecEndpoint] : []),
  ];
  const child = spawn(findBinary('temporal', options.env), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  try {
    const connection = await waitUntilServing(address, child, Date.now() + 60_000);
    await prepareNamespace(connection, namespace);
    await markEmbeddedServer(connection, namespace, options.dataDir);
    await connection.close();
  } catch (error) {
    await stopChild(child);
    throw new Error(`${(error as Error).message}${stderr ? `\n${stderr.trim()}` : ''}`, { cause: error });
  }
  return {
    address,
    uiUrl: options.headless ? null : `http://127.0.0.1:${uiPort}`,
    process: child,
    stop: () => stopChild(child),
  };
}
