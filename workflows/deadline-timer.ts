// The one lifetime timer a token workflow runs, kept while its deadline stays the same. Waiting with
// condition's timeout instead would cancel and start a timer on every wake-up: two history events
// and two server timer writes per authentication.
import { CancellationScope, sleep } from '@temporalio/workflow';

interface Armed {
  at: number;
  scope: CancellationScope;
  fired: boolean;
}

export class DeadlineTimer {
  private armed: Armed | null = null;

  /** The deadline last set. */
  get at(): number | null {
    return this.armed?.at ?? null;
  }

  /** True once the deadline last set has passed (until the next `set`). */
  get fired(): boolean {
    return this.armed?.fired ?? false;
  }

  /** Keeps the running timer when `at` is its deadline; otherwise cancels it and starts one for `at`. */
  set(at: number | null): void {
    if (this.armed && this.armed.at === at && !this.armed.fired) return;
    if (this.armed && !this.armed.fired) this.armed.scope.cancel();
    this.armed = null;
    if (at === null) return;
    const armed: Armed = { at, scope: new CancellationScope(), fired: false };
    armed.scope
      .run(() => sleep(Math.max(1, at - Date.now())))
      .then(
        () => void (armed.fired = true),
        () => undefined, // cancelled: a later deadline replaced it
      );
    this.armed = armed;
  }
}
