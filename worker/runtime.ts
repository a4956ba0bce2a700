// The SDK's process-wide runtime, installed once before any connection: warnings and errors only,
// so the dashboard's terminal and the CLI's stdout stay clean. The core's own log lines are
// forwarded to the same logger (stderr) instead of the core's console logger, which writes to
// stdout and so broke the one JSON document `--json` promises (`npm run bench -- --json`). With
// `EA_WORKER_METRICS=HOST:PORT` the SDK's own metrics (task latencies, slots, polls, cache) are
// served as Prometheus text at http://HOST:PORT/metrics, next to the gateway's.
import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

export function installRuntime(level: 'WARN' | 'ERROR' | 'INFO' = 'WARN', env: NodeJS.ProcessEnv = process.env): void {
  if (installed) return;
  installed = true;
  const metrics = env.EA_WORKER_METRICS
    ? { metrics: { prometheus: { bindAddress: env.EA_WORKER_METRICS, countersTotalSuffix: true } } }
    : {};
  try {
    Runtime.install({
      logger: new DefaultLogger(level),
      telemetryOptions: { logging: { forward: {}, filter: { core: level, other: 'ERROR' } }, ...metrics },
    });
  } catch {
    // Already installed by someone else in this process (tests): theirs stands.
  }
}
