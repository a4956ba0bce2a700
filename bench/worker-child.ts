// Starts worker-process.ts under tsx with a collectable heap (so memory readings are after a full
// GC), optionally CPU-profiled, and stops it at the end.
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { WorkerProcessConfig, WorkerReply } from './worker-protocol.js';

export interface WorkerChild {
  pid: number | undefined;
  memory(): Promise<{ rssBytes: number; heapUsedBytes: number }>;
  stop(): Promise<void>;
}

const entry = fileURLToPath(new URL('./worker-process.ts', import.meta.url));

function nextReply<T extends WorkerReply['type']>(
  child: ChildProcess,
  type: T,
): Promise<Extract<WorkerReply, { type: T }>> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: WorkerReply) => {
      if (message.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(message as Extract<WorkerReply, { type: T }>);
    };
    const onExit = (code: number | null) =>
      reject(new Error(`the worker process exited (code ${code}) before answering ${type}`));
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

export async function startWorkerChild(
  config: WorkerProcessConfig,
  env: NodeJS.ProcessEnv,
  profileDir: string | null,
): Promise<WorkerChild> {
  const execArgv = [
    '--import',
    'tsx',
    '--expose-gc',
    ...(profileDir ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : []),
  ];
  // Its stdout goes to our stderr too: with --json, stdout holds the one document.
  const child = fork(entry, [], {
    execArgv,
    env: { ...env, BENCH_WORKER: JSON.stringify(config) },
    stdio: ['ignore', 2, 2, 'ipc'],
  });
  await nextReply(child, 'ready');
  return {
    pid: child.pid,
    async memory() {
      const answer = nextReply(child, 'memory');
      child.send({ type: 'memory' });
      return answer;
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.send({ type: 'stop' });
      await exited;
      clearTimeout(kill);
    },
  };
}
