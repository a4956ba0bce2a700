// Issue #6 §2: PIN + code authentication through the client path the CLI uses
// (EaService.authenticate), one call at a time across many tokens, for each kind of code; against a
// bare update that echoes its argument. By user id (`ea auth USER PASSCODE`: one update to the token
// the client already knows the user by, or from a client new to the user a consistent read of the
// user's serials first) and by named token (`--serial`: one update).
import { randomUUID } from 'node:crypto';
import { outboxDir } from '../activities/delivery/outbox.js';
import type { EaService } from '../client/ea-service.js';
import { TemporalEaService } from '../client/temporal-ea-service.js';
import { oathCodeAt } from '../domain/oath.js';
import { BARE_TASK_QUEUE, echoUpdate } from './bare-workflows.js';
import type { BenchEnv } from './bench-env.js';
import { PIN, totp, type FleetToken } from './fleet.js';
import { log } from './log.js';
import { sealedPasscodeOf } from '../client/outgoing-secrets.js';
import { workerPublicKey } from '../client/worker-public-key.js';
import { waitForQuiet } from './outbox-watch.js';
import { latency, ratio, type Latency } from './stats.js';

export type AuthKind = 'temporary-fixed' | 'one-time' | 'token';

export interface AuthResultFigures {
  ours: Latency;
  byKind: Record<AuthKind, Latency>;
  /** A bare echo update timed right after each of ours. */
  bare: Latency;
  /** The consistent read of the user's serials that every authentication makes, alone. */
  userLookup: Latency;
  /** By user, from a client that has not seen the user yet (no hint): the read, then the update. */
  firstCall: Latency;
  /** ours / bare at p99. */
  p99Ratio: number;
  p50Ratio: number;
  /** The same with the token named (temporary fixed and one-time codes), with its own paired echoes. */
  bySerial: { ours: Latency; bare: Latency; p99Ratio: number; p50Ratio: number };
}

interface Call {
  kind: AuthKind;
  userId: string;
  /** Set for calls that name the token. */
  serial?: string;
  /** Computed when the call is made: a TOTP code belongs to its 30-second step. */
  passcode: () => string;
}

const operator = {};
const WARM_UP = 20;

export async function timed(fn: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await fn();
  return performance.now() - started;
}

/** Round-robin over the kinds, so every kind sees the same conditions. */
function interleave(groups: Call[][]): Call[] {
  const longest = Math.max(...groups.map((g) => g.length));
  return Array.from({ length: longest }, (_, i) => groups.flatMap((g) => (g[i] ? [g[i]!] : []))).flat();
}

async function prepareCalls(
  bench: BenchEnv,
  tokens: FleetToken[],
  perKind: number,
): Promise<{ warmUp: Call[]; calls: Call[]; bySerial: Call[]; firstCalls: Call[] }> {
  const { service } = bench;
  const fixed = tokens.slice(0, perKind);
  const oneTime = tokens.slice(perKind, 2 * perKind);
  const own = tokens.slice(2 * perKind, 3 * perKind);
  // After a mass incident the tokens are in emergency access: start over as an operator would.
  for (const token of tokens.slice(0, 3 * perKind)) {
    if ((await service.status(token.serial)).state === 'emergency')
      await service.action(token.serial, 'clear', operator);
  }
  const fixedCalls: Call[] = [];
  const fixedBySerial: Call[] = [];
  for (const token of fixed) {
    const { codes } = await service.lost(
      token.serial,
      { reason: 'temporarily-unavailable', kind: 'temporary-fixed', delivery: 'display' },
      operator,
    );
    const call: Call = { kind: 'temporary-fixed', userId: token.userId, passcode: () => PIN + codes[0]! };
    fixedCalls.push(call, call);
    fixedBySerial.push({ ...call, serial: token.serial });
  }
  const oneTimeCalls: Call[] = [];
  const oneTimeBySerial: Call[] = [];
  for (const token of oneTime) {
    const { codes } = await service.lost(
      token.serial,
      { reason: 'temporarily-unavailable', kind: 'one-time-set', count: 3, delivery: 'display' },
      operator,
    );
    const [first, second, third] = codes.map((code): Call => ({
      kind: 'one-time',
      userId: token.userId,
      passcode: () => PIN + code,
    }));
    oneTimeCalls.push(first!, second!);
    oneTimeBySerial.push({ ...third!, serial: token.serial });
  }
  // A TOTP code works once per 30-second step, so the token's own code is measured by user only.
  const ownCalls = own.map((token): Call => ({
    kind: 'token',
    userId: token.userId,
    passcode: () => PIN + oathCodeAt(totp, Date.now()),
  }));
  // Warm up on the fixed codes only: they can be used again.
  return {
    warmUp: fixedCalls.slice(0, WARM_UP),
    calls: interleave([fixedCalls, oneTimeCalls, ownCalls]),
    bySerial: interleave([fixedBySerial, oneTimeBySerial]),
    // A temporary fixed code can be used again: once per token, by user, from a client new to it.
    firstCalls: fixedBySerial.map(({ serial: _, ...call }) => call),
  };
}

/** Times each of our calls and, right after it, one bare echo: both see the same moment of the server. */
export async function paired<C>(
  calls: C[],
  ours: (call: C) => Promise<unknown>,
  echo: (i: number) => Promise<unknown>,
): Promise<{ ours: number[]; bare: number[] }> {
  const samples = { ours: [] as number[], bare: [] as number[] };
  for (const [i, call] of calls.entries()) {
    samples.ours.push(await timed(() => ours(call)));
    samples.bare.push(await timed(() => echo(i)));
  }
  return samples;
}

/** One bare echo workflow per token (`<prefix>-<serial>`); `echo(i)` sends the i-th (round robin) an update. */
export async function startEchoes(
  bench: BenchEnv,
  tokens: FleetToken[],
  prefix = 'echo',
): Promise<(i: number) => Promise<unknown>> {
  const handles = tokens.map((t) => bench.client.workflow.getHandle(`${prefix}-${t.serial}`));
  for (const handle of handles)
    await bench.client.workflow.start('bareEchoWorkflow', {
      workflowId: handle.workflowId,
      taskQueue: BARE_TASK_QUEUE,
      args: [],
    });
  // Sealed and signed as an authenticate update is, so both carry the same payload and client work.
  const workerKey = workerPublicKey(process.env, bench.dataDir);
  return (i) => {
    const handle = handles[i % handles.length]!;
    const payload = {
      requestId: randomUUID(),
      sealedPasscode: sealedPasscodeOf(PIN + '12345678', workerKey),
      actor: bench.signer.principal,
    };
    return handle.executeUpdate(echoUpdate, { args: [bench.signer.sign(handle.workflowId, echoUpdate.name, payload)] });
  };
}

export async function runAuth(bench: BenchEnv, tokens: FleetToken[]): Promise<AuthResultFigures> {
  const perKind = Math.min(100, Math.floor(tokens.length / 3));
  log(`authentication: preparing ${perKind} tokens per kind and as many bare echo workflows`);
  const { warmUp, calls, bySerial, firstCalls } = await prepareCalls(bench, tokens, perKind);
  const echo = await startEchoes(bench, tokens.slice(0, perKind));
  await waitForQuiet(outboxDir(bench.dataDir), 2_000, 120_000);
  const authenticate = async (call: Call, service: EaService = bench.service) => {
    const result = await service.authenticate(call.userId, call.passcode(), call.serial);
    if (!result.accepted)
      throw new Error(`the bench's ${call.kind} passcode for ${call.userId} was rejected (${result.reason})`);
  };
  for (const [i, call] of warmUp.entries()) await Promise.all([authenticate(call), echo(i)]);
  log(`authentication: ${calls.length + bySerial.length} calls, each followed by a bare echo update`);
  const byUser = await paired(calls, authenticate, echo);
  const named = await paired(bySerial, authenticate, echo);
  const firstSamples: number[] = [];
  for (const call of firstCalls)
    firstSamples.push(
      await timed(() => authenticate(call, new TemporalEaService(bench.client, bench.dataDir, bench.signer))),
    );
  const lookups: number[] = [];
  for (const call of calls) lookups.push(await timed(() => bench.service.userSerials(call.userId)));

  const ours = latency(byUser.ours);
  const bare = latency(byUser.bare);
  const byKind = Object.fromEntries(
    (['temporary-fixed', 'one-time', 'token'] as const).map((kind) => [
      kind,
      latency(byUser.ours.filter((_, i) => calls[i]!.kind === kind)),
    ]),
  ) as Record<AuthKind, Latency>;
  log(`  ours p50 ${ours.p50Ms} / p99 ${ours.p99Ms} ms; bare p50 ${bare.p50Ms} / p99 ${bare.p99Ms} ms`);
  const bySerialOurs = latency(named.ours);
  const bySerialBare = latency(named.bare);
  log(
    `  by serial p50 ${bySerialOurs.p50Ms} / p99 ${bySerialOurs.p99Ms} ms; bare p50 ${bySerialBare.p50Ms} / p99 ${bySerialBare.p99Ms} ms`,
  );
  return {
    ours,
    byKind,
    bare,
    userLookup: latency(lookups),
    firstCall: latency(firstSamples),
    p99Ratio: ratio(ours.p99Ms, bare.p99Ms),
    p50Ratio: ratio(ours.p50Ms, bare.p50Ms),
    bySerial: {
      ours: bySerialOurs,
      bare: bySerialBare,
      p99Ratio: ratio(bySerialOurs.p99Ms, bySerialBare.p99Ms),
      p50Ratio: ratio(bySerialOurs.p50Ms, bySerialBare.p50Ms),
    },
  };
}
