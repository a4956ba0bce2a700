// The SDK's process-wide runtime, installed once before any connection: warnings and errors only,
// so the dashboard's terminal and the CLI's stdout stay clean. With `EA_WORKER_METRICS=HOST:PORT`
// the SDK's own metrics (task latencies, slots, polls, cache) are served as Prometheus text at
// http://HOST:PORT/metrics, next to the gateway's.
import { DefaultLogger, Runtime } from '@temporalio/worker';

let installed = false;

export function installRuntime(level: 'WARN' | 'ERROR' | 'INFO' = 'WARN', env: NodeJS.ProcessEnv = process.env): void {
  if (installed) return;
  installed = true;
  const metrics = env.EA_WORKER_METRICS
    ? {
        telemetryOptions: {
          metrics: { prometheus: { bindAddress: env.EA_WORKER_METRICS, countersTotalSuffix: true } },
        },
      }
    : {};
  try {
    Runtime.install({ logger: new DefaultLogger(level), ...metrics });
  } catch {
    // Already installed by someone else in this process (tests): theirs stands.
  }
}
