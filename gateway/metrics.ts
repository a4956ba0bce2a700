// The gateway's Prometheus metrics (spec §7, `GET /metrics`), on a registry of its own: answers by
// front end, result and method; drops by front end and why; retransmissions answered from the
// cache; and the latency from a request's arrival to its answer.
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { CheckAnswer } from './check.js';

export type FrontEnd = 'radius' | 'http';
export type DropReason =
  | 'unknown-client'
  | 'malformed'
  | 'not-access-request'
  | 'missing-message-authenticator'
  | 'bad-message-authenticator'
  | 'bad-password'
  | 'overloaded'
  | 'unavailable'
  | 'unauthorized';

export class GatewayMetrics {
  readonly registry = new Registry();
  private readonly answers = new Counter({
    name: 'ea_gateway_answers_total',
    help: 'Answers given, by front end, result (accept, reject, challenge) and accepted method',
    labelNames: ['frontend', 'result', 'method'] as const,
    registers: [this.registry],
  });
  private readonly drops = new Counter({
    name: 'ea_gateway_drops_total',
    help: 'Requests not answered (RADIUS) or refused before any check (HTTP), by reason',
    labelNames: ['frontend', 'reason'] as const,
    registers: [this.registry],
  });
  private readonly retransmissions = new Counter({
    name: 'ea_gateway_retransmissions_total',
    help: 'RADIUS retransmissions answered from the cache without a second check',
    registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'ea_gateway_request_seconds',
    help: 'From a request arriving to its answer, by front end and result',
    labelNames: ['frontend', 'result'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'ea_gateway_' });
  }

  answered(frontend: FrontEnd, answer: CheckAnswer, startedAt: number): void {
    const result = answer.result.toLowerCase();
    this.answers.inc({ frontend, result, method: answer.method ?? 'none' });
    this.latency.observe({ frontend, result }, (performance.now() - startedAt) / 1000);
  }

  dropped(frontend: FrontEnd, reason: DropReason): void {
    this.drops.inc({ frontend, reason });
  }

  retransmitted(): void {
    this.retransmissions.inc();
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}
