// A workflow's copy of the principal registry and the trust decision on every signed request
// (spec §5), in workflow code: no activity on the hot path. The copy comes from the registry
// through the worker (fetchPrincipals) and is refreshed when the registry says it changed; until a
// refresh has landed, no request is decided (`ready`), so a revocation reaches this workflow before
// its next decision. No Temporal import: the workflow supplies the fetch.
import { authorize, type Decision } from '../trust/authorize.js';
import type { PrincipalsView } from '../trust/principal.js';

const FORCED_REFRESH_MS = 60_000;

export interface DecideInput {
  message: string;
  argument: unknown;
  nowMs: number;
  seen?: (requestId: string) => boolean;
  tokenUser?: string | null;
}

export class TrustGate {
  private view: PrincipalsView | null;
  /** The newest version the registry announced; above the view's, the view is stale. */
  private announced: number;
  private refreshing: Promise<void> | null = null;
  private lastForcedAt: number | null = null;

  constructor(
    private readonly workflowId: string,
    carried: PrincipalsView | undefined,
    private readonly fetch: () => Promise<PrincipalsView>,
  ) {
    this.view = carried ?? null;
    this.announced = carried?.version ?? 0;
  }

  /** What continue-as-new carries. */
  snapshot(): PrincipalsView | undefined {
    return this.view ?? undefined;
  }

  /** The registry announced `version` (a nudge carries no principals, so a forged one costs a fetch). */
  announce(version: number): void {
    if (Number.isSafeInteger(version) && version > this.announced) this.announced = version;
  }

  /** The registry's principalsChanged signal, as received: anything but `{ version }` is ignored. */
  heard(payload: unknown): void {
    const version = (payload as { version?: unknown } | null)?.version;
    if (typeof version === 'number') this.announce(version);
  }

  /** Resolves once the copy is at least as new as the registry last announced. */
  ready(): Promise<void> {
    if (this.view && this.view.version >= this.announced) return Promise.resolve();
    this.refreshing ??= this.refresh();
    return this.refreshing;
  }

  private async refresh(): Promise<void> {
    try {
      for (;;) {
        const wanted = this.announced;
        const view = await this.fetch();
        if (!this.view || view.version >= this.view.version) this.view = view;
        // A newer announcement arrived while fetching: fetch again. Otherwise an announcement the
        // registry does not match was not the registry's: never wait for it again.
        if (this.announced !== wanted) continue;
        this.announced = Math.min(this.announced, this.view.version);
        return;
      }
    } finally {
      this.refreshing = null;
    }
  }

  /**
   * The decision on a signed request, on a copy at least as new as the registry announced. A
   * principal this copy does not know may have been added since: the copy is read again, at most
   * once a minute, so forged names cannot make every request cost a fetch.
   */
  async check(input: DecideInput): Promise<Decision> {
    await this.ready();
    const decision = this.decide(input);
    if (decision.ok || decision.reason !== 'unknown-principal') return decision;
    if (this.lastForcedAt !== null && input.nowMs - this.lastForcedAt < FORCED_REFRESH_MS) return decision;
    this.lastForcedAt = input.nowMs;
    this.announce((this.view?.version ?? 0) + 1);
    await this.ready();
    return this.decide(input);
  }

  private decide({ message, argument, nowMs, seen, tokenUser }: DecideInput): Decision {
    return authorize({
      registry: this.view?.principals ?? {},
      workflowId: this.workflowId,
      message,
      argument,
      nowMs,
      seen,
      tokenUser,
    });
  }
}
