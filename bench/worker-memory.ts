// Issue #6 §4, first half: what 1,000 cached token workflows (each with its user's workflow) cost
// the worker process, from its memory after a full GC before and after the fleet was created.
import type { BenchEnv } from './bench-env.js';
import type { FleetToken } from './fleet.js';
import { createFleet } from './fleet.js';
import { log } from './log.js';

export interface WorkerMemory {
  tokens: number;
  setupSeconds: number;
  idleRssMiB: number;
  rssMiBPer1000Tokens: number;
  heapMiBPer1000Tokens: number;
}

const MiB = 2 ** 20;
const round = (x: number) => Math.round(x * 10) / 10;

/** Creates the fleet (every workflow stays in the worker's cache) and weighs it. */
export async function createFleetMeasuringMemory(bench: BenchEnv, tokens: FleetToken[]): Promise<WorkerMemory> {
  const before = await bench.worker.memory();
  log(`creating ${tokens.length} users and tokens`);
  const started = Date.now();
  await createFleet(bench.service, tokens);
  const setupSeconds = (Date.now() - started) / 1000;
  const after = await bench.worker.memory();
  const per1000 = (bytes: number) => round((bytes / MiB / tokens.length) * 1000);
  log(
    `  ${setupSeconds.toFixed(1)} s; worker rss ${round(before.rssBytes / MiB)} → ${round(after.rssBytes / MiB)} MiB`,
  );
  return {
    tokens: tokens.length,
    setupSeconds: round(setupSeconds),
    idleRssMiB: round(before.rssBytes / MiB),
    rssMiBPer1000Tokens: per1000(after.rssBytes - before.rssBytes),
    heapMiBPer1000Tokens: per1000(after.heapUsedBytes - before.heapUsedBytes),
  };
}
