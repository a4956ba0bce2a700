// Issue #18 item 1: `ea import` at fleet speed. The users and tokens files are parsed by the real
// parsers and upserted by the import's own loop (cli/import/import-rows.ts) at its default
// concurrency; then the same file again (what a resumed import costs per row it already did); then
// the bare engine: per token one workflow started with one update, as many in flight.
import { WithStartWorkflowOperation } from '@temporalio/client';
import { DEFAULT_CONCURRENCY, importRows, tokenUser } from '../cli/import/import-rows.js';
import type { Parsed } from '../cli/import/parsed.js';
import { parseTokensCsv } from '../cli/import/tokens-csv.js';
import { parseUsersCsv } from '../cli/import/users-csv.js';
import type { NewToken, Upsert } from '../client/ea-service.js';
import { BARE_TASK_QUEUE, echoUpdate } from './bare-workflows.js';
import type { BenchEnv } from './bench-env.js';
import { totp, PIN, fleetOf } from './fleet.js';
import { log } from './log.js';
import { forEachConcurrently } from './pool.js';
import { ratio } from './stats.js';
import { cpuNow, cpuPer, type CpuMs } from './cpu-time.js';

export interface ImportRun {
  rows: number;
  seconds: number;
  perSecond: number;
  /** CPU milliseconds per row by process (Linux): where the time goes. */
  cpuMsPerRow: CpuMs | null;
}

export interface ImportResult {
  concurrency: number;
  users: ImportRun;
  /** The tokens import: `import.perSecond`. */
  tokens: ImportRun;
  perSecond: number;
  /** The same tokens file again: every row answered `unchanged`. */
  rerun: ImportRun;
  /** Per token: a workflow started with one update. */
  bare: ImportRun;
  /** ours / bare tokens per second (target ≥ 0.8). */
  ratio: number;
}

const round = (x: number, places = 10) => Math.round(x * places) / places;

/** Runs `body` over `rows` rows, timed and with each process's CPU time. */
async function measured(bench: BenchEnv, label: string, rows: number, body: () => Promise<void>): Promise<ImportRun> {
  const pids = { server: bench.serverPid, worker: bench.worker.pid };
  const cpuBefore = cpuNow(pids);
  const started = Date.now();
  await body();
  const seconds = (Date.now() - started) / 1000;
  const run = {
    rows,
    seconds: round(seconds, 100),
    perSecond: round(rows / seconds),
    cpuMsPerRow: cpuPer(cpuBefore, cpuNow(pids), rows),
  };
  log(`  ${label}: ${run.perSecond}/s (${run.seconds} s), CPU ms per row ${JSON.stringify(run.cpuMsPerRow)}`);
  return run;
}

function imported<T>(
  bench: BenchEnv,
  label: string,
  parsed: Parsed<T>,
  upsert: (value: T) => Promise<Upsert>,
  keyOf?: (value: T) => string,
): Promise<ImportRun> {
  return measured(bench, label, parsed.rows.length, async () => {
    const report = await importRows(parsed, (row) => upsert(row.value), { concurrency: DEFAULT_CONCURRENCY, keyOf });
    if (report.skipped.length) throw new Error(`${label}: skipped ${JSON.stringify(report.skipped.slice(0, 3))}`);
  });
}

export async function runImport(bench: BenchEnv, count: number): Promise<ImportResult> {
  const { service, client } = bench;
  const fleet = fleetOf(count, 'I');
  const expires = new Date(Date.now() + 800 * 86_400_000).toISOString().slice(0, 10);
  const users = parseUsersCsv(
    [
      'id,name,email,mobile,onDemand',
      ...fleet.map((t) => `${t.userId},User ${t.userId},${t.userId}@example.com,,`),
    ].join('\n'),
  );
  const tokens = parseTokensCsv(
    [
      'serial,user,seed,type,digits,period,algorithm,expires,pin',
      ...fleet.map((t) => `${t.serial},${t.userId},${totp.secretBase32},totp,6,30,SHA1,${expires},${PIN}`),
    ].join('\n'),
    'UTC',
  );
  log(`import: ${count} users, then ${count} tokens, ${DEFAULT_CONCURRENCY} rows in flight`);
  const usersRun = await imported(bench, 'users', users, async (user) => (await service.putUser(user, {})).outcome);
  const addToken = async (token: NewToken) => (await service.addToken(token, {})).outcome;
  const tokensRun = await imported(bench, 'tokens', tokens, addToken, tokenUser);
  const rerun = await imported(bench, 'tokens again', tokens, addToken, tokenUser);
  const bare = await measured(bench, 'bare start + update', count, () =>
    forEachConcurrently(fleet, DEFAULT_CONCURRENCY, async (token) => {
      await client.workflow.executeUpdateWithStart(echoUpdate, {
        args: [{ serial: token.serial }],
        startWorkflowOperation: new WithStartWorkflowOperation('bareEchoWorkflow', {
          workflowId: `bare-import-${token.serial}`,
          taskQueue: BARE_TASK_QUEUE,
          workflowIdConflictPolicy: 'USE_EXISTING',
          args: [],
        }),
      });
    }),
  );
  return {
    concurrency: DEFAULT_CONCURRENCY,
    users: usersRun,
    tokens: tokensRun,
    perSecond: tokensRun.perSecond,
    rerun,
    bare,
    ratio: ratio(bare.seconds, tokensRun.seconds),
  };
}
