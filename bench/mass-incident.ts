// Issue #6 §1: every token reported lost at once by a system through the `reportLost` signal, until
// each one's codes are in the outbox; then the same burst against the bare workflow.
import { randomUUID } from 'node:crypto';
import { listOutbox, outboxDir } from '../activities/delivery/outbox.js';
import { reportLostSignal, tokenWorkflowId } from '../contract/messages.js';
import { BARE_TASK_QUEUE, bareDeliverSignal } from './bare-workflows.js';
import type { BenchEnv } from './bench-env.js';
import { cpuNow, cpuPer, type CpuMs } from './cpu-time.js';
import type { FleetToken } from './fleet.js';
import { log } from './log.js';
import { deliveries, emlFiles, waitForFiles, type Delivery } from './outbox-watch.js';
import { forEachConcurrently } from './pool.js';
import { latency, ratio, type Latency } from './stats.js';

export interface BurstResult {
  tokens: number;
  seconds: number;
  perSecond: number;
  latency: Latency;
  messageBytes: number;
  /** Messages each token sent (codes, and for ours the emergency-started notice). */
  messagesPerToken: number;
  /** CPU milliseconds per token from the first signal to the last delivery, by process (Linux). */
  cpuMsPerToken: CpuMs | null;
}

export interface MassIncidentResult {
  ours: BurstResult;
  bare: BurstResult;
  /** ours / bare throughput: 1 means our logic costs nothing. */
  ratio: number;
}

// Many systems (or one fast one) sending at once.
const SENDERS = 64;

interface Outbox {
  dir: string;
  messagesPerToken: number;
  /** The delivery of each token's codes, once every message is in. */
  codes(): Promise<Map<string, Delivery>>;
}

async function burst(
  bench: BenchEnv,
  tokens: FleetToken[],
  outbox: Outbox,
  send: (token: FleetToken) => Promise<void>,
): Promise<BurstResult> {
  const pids = { server: bench.serverPid, worker: bench.worker.pid };
  const cpuBefore = cpuNow(pids);
  const sentAt = new Map<string, number>();
  await forEachConcurrently(tokens, SENDERS, async (token) => {
    sentAt.set(token.serial, Date.now());
    await send(token);
  });
  await waitForFiles(outbox.dir, tokens.length * outbox.messagesPerToken, 600_000);
  const cpuAfter = cpuNow(pids);
  const delivered = await outbox.codes();
  const first = Math.min(...sentAt.values());
  const samples = tokens.map((t) => delivered.get(t.serial)!.atMs - sentAt.get(t.serial)!);
  const last = Math.max(...tokens.map((t) => delivered.get(t.serial)!.atMs));
  const seconds = (last - first) / 1000;
  const bytes = [...delivered.values()].reduce((sum, d) => sum + d.bytes, 0) / delivered.size;
  return {
    tokens: tokens.length,
    seconds: Math.round(seconds * 100) / 100,
    perSecond: Math.round(tokens.length / seconds),
    latency: latency(samples),
    messageBytes: Math.round(bytes),
    messagesPerToken: outbox.messagesPerToken,
    cpuMsPerToken: cpuPer(cpuBefore, cpuAfter, tokens.length),
  };
}

export async function runMassIncident(bench: BenchEnv, tokens: FleetToken[]): Promise<MassIncidentResult> {
  const { client } = bench;
  log(`mass incident: ${tokens.length} reportLost signals`);
  const codesSubject = /^Your emergency codes/;
  const product: Outbox = {
    dir: outboxDir(bench.dataDir),
    messagesPerToken: 2,
    codes: async () =>
      deliveries((await listOutbox(bench.dataDir)).filter((m) => codesSubject.test(m.subject)).map((m) => m.file)),
  };
  // Signed as a system signs its reports (client/system-reports.ts).
  const ours = await burst(bench, tokens, product, (token) => {
    const workflowId = tokenWorkflowId(token.serial);
    const report = {
      requestId: randomUUID(),
      reason: 'temporarily-unavailable' as const,
      origin: 'system' as const,
      actor: bench.signer.principal,
    };
    return client.workflow
      .getHandle(workflowId)
      .signal(reportLostSignal, bench.signer.sign(workflowId, reportLostSignal.name, report));
  });
  log(`  ours: ${ours.perSecond}/s, p99 ${ours.latency.p99Ms} ms; starting ${tokens.length} bare workflows`);
  const bareId = (token: FleetToken) => `bare-${token.serial}`;
  await forEachConcurrently(tokens, 32, async (token) => {
    await client.workflow.start('bareDeliveryWorkflow', {
      workflowId: bareId(token),
      taskQueue: BARE_TASK_QUEUE,
      args: [],
    });
  });
  const bareOutbox: Outbox = {
    dir: bench.bareOutboxDir,
    messagesPerToken: 1,
    codes: async () => deliveries(await emlFiles(bench.bareOutboxDir)),
  };
  const bare = await burst(bench, tokens, bareOutbox, (token) =>
    client.workflow
      .getHandle(bareId(token))
      .signal(bareDeliverSignal, { messageId: `${token.serial}-bare`, bytes: ours.messageBytes }),
  );
  log(`  bare: ${bare.perSecond}/s, p99 ${bare.latency.p99Ms} ms`);
  // From the bursts' durations, not the rounded rates: 19.6/s against 24.8/s is 0.79, not 20/25.
  return { ours, bare, ratio: ratio(bare.seconds, ours.seconds) };
}
