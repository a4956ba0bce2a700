// Issue #6 §4, second half: one token's year of typical use on the time-skipping test server (a year
// passes in seconds): two authentications a day with PIN + TOTP, and one emergency-access episode
// (reported temporarily unavailable, a week on the temporary fixed code, ended by its timer). Counts
// the history every run of the token's workflow wrote, and how many runs continue-as-new made.
import { loadWorkerKeyRing } from '../worker/codec/worker-key.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import proto from '@temporalio/proto';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { createActivities } from '../activities/create-activities.js';
import { ADMIN_PRINCIPAL, adminKeyPath, ensureKeyFile } from '../client/keys.js';
import { keySigner } from '../client/signer.js';
import { followSkippedTime } from '../test/support/skipped-clock.js';
import { TemporalEaService } from '../client/temporal-ea-service.js';
import { oathCodeAt } from '../domain/oath.js';
import { existingPath } from '../worker/binaries.js';
import { createDataConverter } from '../worker/codec/data-converter.js';
import { loadKeyRing } from '../worker/codec/encryption-keys.js';
import { registerSearchAttributes } from '../worker/prepare-namespace.js';
import { TASK_QUEUE, tokenWorkflowId } from '../contract/messages.js';
import { addToken, fleetOf, PIN, totp } from './fleet.js';
import { log } from './log.js';

export interface TokenYear {
  authentications: number;
  events: number;
  historyBytes: number;
  runs: number;
  continuedAsNew: number;
  simulatedInSeconds: number;
}

const HOUR = 3_600_000;
const EPISODE_DAY = 120;
const EPISODE_DAYS = 7; // the default policy's lifetime for a temporarily unavailable token

const { History } = proto.temporal.api.history.v1;

async function historyOfEveryRun(
  env: TestWorkflowEnvironment,
  workflowId: string,
): Promise<{ events: number; bytes: number; runs: number }> {
  let handle = env.client.workflow.getHandle(workflowId);
  const totals = { events: 0, bytes: 0, runs: 0 };
  for (;;) {
    const history = await handle.fetchHistory();
    totals.events += history.events?.length ?? 0;
    totals.bytes += History.encode(history).finish().length;
    totals.runs++;
    const previous = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous) return totals;
    handle = env.client.workflow.getHandle(workflowId, previous);
  }
}

export async function runTokenYear(productBundle: string, keyEnv: NodeJS.ProcessEnv): Promise<TokenYear> {
  log('token-year: a year of use on the time-skipping server');
  const started = Date.now();
  const dataDir = await mkdtemp(join(tmpdir(), 'ea-bench-year-'));
  const dataConverter = createDataConverter(loadKeyRing(keyEnv, dataDir));
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: { executable: existingPath('temporal-test-server') },
    client: { dataConverter },
  });
  try {
    await registerSearchAttributes(env.connection, env.namespace ?? 'default');
    const delivery = { dataDir, smtpUrl: null, from: 'ea@bench.local', sms: { kind: 'outbox' as const } };
    const { activities, sinks, close } = createActivities({
      client: env.client,
      dataDir,
      delivery,
      workerKeys: loadWorkerKeyRing({}, dataDir),
    });
    const worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue: TASK_QUEUE,
      dataConverter,
      workflowBundle: { codePath: productBundle },
      activities,
      sinks,
    });
    const token = fleetOf(1, 'Y')[0]!;
    let authentications = 0;
    await worker.runUntil(async () => {
      const adminKey = ensureKeyFile(adminKeyPath(dataDir), ADMIN_PRINCIPAL).key;
      const service = new TemporalEaService(env.client, dataDir, keySigner(adminKey, followSkippedTime(env)));
      await service.initPrincipals(adminKey);
      await addToken(service, token, await env.currentTimeMs());
      let fixedCode: string | null = null;
      const authenticate = async () => {
        const passcode = PIN + (fixedCode ?? oathCodeAt(totp, await env.currentTimeMs()));
        const result = await service.authenticate(token.userId, passcode);
        if (!result.accepted)
          throw new Error(`token-year: authentication ${authentications + 1} was rejected (${result.reason})`);
        authentications++;
      };
      for (let day = 0; day < 365; day++) {
        if (day === EPISODE_DAY) {
          const lost = await service.lost(
            token.serial,
            { reason: 'temporarily-unavailable', kind: 'temporary-fixed', delivery: 'display' },
            {},
          );
          fixedCode = lost.codes[0]!;
        }
        if (day === EPISODE_DAY + EPISODE_DAYS) fixedCode = null; // ended by its timer overnight
        await env.sleep(8 * HOUR);
        await authenticate();
        await env.sleep(6 * HOUR);
        await authenticate();
        await env.sleep(10 * HOUR);
      }
    });
    await close();
    const history = await historyOfEveryRun(env, tokenWorkflowId(token.serial));
    const year: TokenYear = {
      authentications,
      events: history.events,
      historyBytes: history.bytes,
      runs: history.runs,
      continuedAsNew: history.runs - 1,
      simulatedInSeconds: Math.round((Date.now() - started) / 1000),
    };
    log(`  ${year.events} events, ${Math.round(year.historyBytes / 1024)} KiB in ${year.runs} run(s)`);
    return year;
  } finally {
    await env.teardown();
    await rm(dataDir, { recursive: true, force: true });
  }
}
