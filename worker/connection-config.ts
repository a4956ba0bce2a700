// Connection settings by Temporal's own conventions (TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TLS and
// API-key variables, TOML profiles via TEMPORAL_PROFILE / TEMPORAL_CONFIG_FILE), so the same worker
// and dashboard run unchanged against the embedded server, a cluster or Temporal Cloud.
import { loadClientConnectConfig } from '@temporalio/envconfig';
import type { NativeConnectionOptions } from '@temporalio/worker';

export const DEFAULT_ADDRESS = 'localhost:7233';
export const DEFAULT_NAMESPACE = 'default';
export const TASK_QUEUE = 'emergency-access';

export interface ConnectConfig {
  connectionOptions: NativeConnectionOptions & { address: string };
  namespace: string;
}

export function loadConnectConfig(env: NodeJS.ProcessEnv = process.env): ConnectConfig {
  const overrideEnvVars = Object.fromEntries(
    Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined),
  );
  const config = loadClientConnectConfig({ overrideEnvVars });
  return {
    connectionOptions: { ...config.connectionOptions, address: config.connectionOptions.address ?? DEFAULT_ADDRESS },
    namespace: config.namespace ?? DEFAULT_NAMESPACE,
  };
}

/** Whether the user pointed us at a server of their own (then nothing embedded starts). */
export function hasExternalServer(env: NodeJS.ProcessEnv = process.env): boolean {
  return Boolean(env.TEMPORAL_ADDRESS || env.TEMPORAL_PROFILE || env.TEMPORAL_CONFIG_FILE);
}

/** Whether the server is on this machine (a key file of this data folder may then serve). */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return true;
  const bracketed = /^\[([^\]]+)\]/.exec(address);
  const host = bracketed?.[1] ?? address.replace(/:\d+$/, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
