// The shape of every transition on a token: state and context in, a Step out (new state, the audit
// records it appended, the effects the shell must carry out, and a result).
import type { TokenState } from './token-state.js';
import type { AuditRecord, Policy, Requester } from './types.js';

export type Notice =
  'emergency-started' | 'emergency-ended' | 'emergency-ending-soon' | 'replacement-window-open' | 'token-locked';

/** What the workflow must do outside the pure core: tell the user. */
export type Effect = { type: 'notify'; notice: Notice; detail: Record<string, string> };

export interface Ctx {
  nowMs: number;
  policy: Policy;
  requester: Requester;
}

/** Every transition's answer: the new state, the audit records it appended, effects, and a result. */
export interface Step<R = undefined> {
  state: TokenState;
  records: AuditRecord[];
  effects: Effect[];
  result: R;
}

/** How a transition says no; it is audited all the same. `invalid`: bad input; `refused`: not now. */
export type Refusal = { ok: false; code: 'refused' | 'invalid'; message: string };

/** A transition's answer: a refusal, or ok with what the caller needs. */
export type Outcome<T = object> = Refusal | ({ ok: true } & T);

/** Runs `next` on the state `first` produced; records and effects add up in order. */
export function andThen<A, B>(first: Step<A>, next: (state: TokenState) => Step<B>): Step<B> {
  const second = next(first.state);
  return {
    state: second.state,
    records: [...first.records, ...second.records],
    effects: [...first.effects, ...second.effects],
    result: second.result,
  };
}
