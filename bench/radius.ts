// Issue #17's performance figures: through `ea gateway`'s RADIUS front end, Access-Request →
// Access-Accept (PIN + temporary fixed code, by user) against a bare echo update timed right after
// each (as bench/auth.ts pairs them), and requests per second with 16 NAS clients in parallel.
import { randomBytes } from 'node:crypto';
import { bootstrapGateway, GATEWAY_PRINCIPAL } from '../client/bootstrap.js';
import { keyPathIn } from '../client/keys.js';
import { keyFileSigner } from '../client/signer.js';
import { TemporalEaService } from '../client/temporal-ea-service.js';
import { singleCaller } from '../gateway/http/callers.js';
import { loopbackClients } from '../gateway/radius/clients.js';
import { startGateway } from '../gateway/start-gateway.js';
import { paired, startEchoes, timed } from './auth.js';
import type { BenchEnv } from './bench-env.js';
import { PIN, type FleetToken } from './fleet.js';
import { log } from './log.js';
import { RadiusBenchClient } from './radius-client.js';
import { latency, ratio, type Latency } from './stats.js';

export interface RadiusFigures {
  ours: Latency;
  /** A bare echo update timed right after each of ours. */
  bare: Latency;
  /**
   * Each user's first Access-Request, before the timed ones: the gateway reads the user's serials,
   * and each token reads the registry the gateway's registration changed (not in the ratio).
   */
  firstLogin: Latency;
  /** ours / bare at p99 (target ≤ 2.0). */
  p99Ratio: number;
  p50Ratio: number;
  /** Access-Accepts per second with `parallelClients` NAS sockets sending at once. */
  throughput: { parallelClients: number; requests: number; seconds: number; perSecond: number };
}

export const PARALLEL_CLIENTS = 16;
const operator = {};

interface Login {
  userId: string;
  password: string;
}

/** Temporary fixed codes (usable again and again) on `tokens`, each a login. */
async function prepareLogins(bench: BenchEnv, tokens: FleetToken[]): Promise<Login[]> {
  const logins: Login[] = [];
  for (const token of tokens) {
    if ((await bench.service.status(token.serial)).state === 'emergency')
      await bench.service.action(token.serial, 'clear', operator);
    const { codes } = await bench.service.lost(
      token.serial,
      { reason: 'temporarily-unavailable', kind: 'temporary-fixed', delivery: 'display' },
      operator,
    );
    logins.push({ userId: token.userId, password: PIN + codes[0]! });
  }
  return logins;
}

export async function runRadius(bench: BenchEnv, fleet: FleetToken[]): Promise<RadiusFigures> {
  // The last tokens of the fleet: the authentication section takes the first.
  const tokens = fleet.slice(-Math.min(100, fleet.length));
  log(`radius: preparing ${tokens.length} tokens, the gateway's key and as many bare echo workflows`);
  const logins = await prepareLogins(bench, tokens);
  // Registered now, after the fleet: the client waits while the broadcast reaches every workflow.
  const keyFile = keyPathIn(bench.dataDir, GATEWAY_PRINCIPAL);
  const started = Date.now();
  await bootstrapGateway(bench.service, keyFile);
  log(`radius: gateway key registered and told to every workflow in ${Date.now() - started} ms`);
  const service = new TemporalEaService(bench.client, bench.dataDir, keyFileSigner(keyFile));
  const secret = randomBytes(24).toString('hex');
  const gateway = await startGateway(service, {
    radiusPort: 0,
    httpPort: 0,
    host: '127.0.0.1',
    clients: loopbackClients(secret),
    callers: singleCaller(randomBytes(24).toString('hex')),
    // All of the bench's NAS clients are one loopback client: let it have them all in flight.
    throttle: { maxInFlightPerClient: 4 * PARALLEL_CLIENTS },
  });
  const echo = await startEchoes(bench, tokens, 'radius-echo');
  const clients = Array.from(
    { length: PARALLEL_CLIENTS },
    () => new RadiusBenchClient(gateway.radiusPort, Buffer.from(secret)),
  );
  try {
    const nas = clients[0]!;
    const login = (l: Login, client = nas) => client.accept(l.userId, l.password);
    // Every user once first, as a gateway in service has seen them: the ratio is about steady state.
    const firsts: number[] = [];
    for (const [i, l] of logins.entries()) {
      firsts.push(await timed(() => login(l)));
      await echo(i);
    }
    const calls = [...logins, ...logins];
    log(`radius: ${calls.length} Access-Requests, each followed by a bare echo update`);
    const samples = await paired(calls, (l) => login(l), echo);

    const perClient = Math.ceil((2 * logins.length) / PARALLEL_CLIENTS);
    log(`radius: ${PARALLEL_CLIENTS} clients × ${perClient} Access-Requests in parallel`);
    let requests = 0;
    const started = performance.now();
    await Promise.all(
      clients.map(async (client, c) => {
        // Each client its own users, so no two clients wait on one user's turn.
        const mine = logins.filter((_, i) => i % PARALLEL_CLIENTS === c);
        for (let i = 0; i < perClient && mine.length > 0; i++) {
          await login(mine[i % mine.length]!, client);
          requests++;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;

    const ours = latency(samples.ours);
    const bare = latency(samples.bare);
    log(`  ours p50 ${ours.p50Ms} / p99 ${ours.p99Ms} ms; bare p50 ${bare.p50Ms} / p99 ${bare.p99Ms} ms`);
    return {
      ours,
      bare,
      firstLogin: latency(firsts),
      p99Ratio: ratio(ours.p99Ms, bare.p99Ms),
      p50Ratio: ratio(ours.p50Ms, bare.p50Ms),
      throughput: {
        parallelClients: PARALLEL_CLIENTS,
        requests,
        seconds: Math.round(seconds * 100) / 100,
        perSecond: Math.round(requests / seconds),
      },
    };
  } finally {
    for (const client of clients) client.close();
    await gateway.close();
  }
}
