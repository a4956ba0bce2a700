// One gateway process (spec §7): the decision, throttle and metrics shared by the RADIUS and HTTP
// front ends, over a service that signs as an `authenticator`.
import { ChallengeTable } from './challenges.js';
import { Checker, type CheckBackend } from './check.js';
import type { Callers } from './http/callers.js';
import { startHttpServer } from './http/http-server.js';
import { GatewayMetrics } from './metrics.js';
import type { RadiusClients } from './radius/clients.js';
import { startRadiusServer } from './radius/radius-server.js';
import { DEFAULT_THROTTLE, Throttle, type ThrottleOptions } from './throttle.js';

export interface GatewayOptions {
  radiusPort: number;
  httpPort: number;
  /** The address both front ends bind. */
  host: string;
  clients: RadiusClients;
  callers: Callers;
  throttle?: Partial<ThrottleOptions>;
}

export interface RunningGateway {
  radiusPort: number;
  httpPort: number;
  metrics: GatewayMetrics;
  close(): Promise<void>;
}

export async function startGateway(backend: CheckBackend, options: GatewayOptions): Promise<RunningGateway> {
  const metrics = new GatewayMetrics();
  const shared = {
    host: options.host,
    checker: new Checker(backend, new ChallengeTable()),
    throttle: new Throttle({ ...DEFAULT_THROTTLE, ...options.throttle }),
    metrics,
  };
  const radius = await startRadiusServer({ ...shared, port: options.radiusPort, clients: options.clients });
  const http = await startHttpServer({ ...shared, port: options.httpPort, callers: options.callers }).catch(
    async (error: unknown) => {
      await radius.close();
      throw error;
    },
  );
  return {
    radiusPort: radius.port,
    httpPort: http.port,
    metrics,
    close: async () => {
      await Promise.all([radius.close(), http.close()]);
    },
  };
}
