// How emergency access ends, whatever ends it: the codes die with the Emergency, one record says why,
// and the user is told (spec §5: "notified when EA starts and ends").
import type { AuditEvent } from './audit.js';
import type { TokenState } from './token-state.js';
import type { TokenStateName } from './types.js';
import type { Effect } from './step.js';

export type EndCause = 'found' | 'found-by-use' | 'cleared' | 'expired' | 'replaced' | 'token-expired' | 'unassigned';

export interface Ending {
  state: TokenState;
  event: AuditEvent;
  effects: Effect[];
}

/**
 * Ends a running EA (→ `next`; `emergency-lapsed` keeps its rule) or lifts a lapsed one. A lapsed EA
 * already told the user it ended, so lifting it sends nothing.
 */
export function endEmergency(state: TokenState, cause: EndCause, next: TokenStateName): Ending {
  const ea = state.emergency;
  const lapses = next === 'emergency-lapsed';
  const ended: TokenState = { ...state, state: next, emergency: null, lapsedRule: lapses && ea ? ea.rule : null };
  if (!ea) {
    return {
      state: ended,
      event: {
        type: 'emergency-ended',
        outcome: 'ok',
        reason: null,
        detail: { cause, from: state.state, rule: state.lapsedRule },
      },
      effects: [],
    };
  }
  return {
    state: ended,
    event: {
      type: lapses ? 'emergency-lapsed' : 'emergency-ended',
      outcome: 'ok',
      reason: null,
      detail: { cause, reason: ea.reason, kind: ea.kind, rule: ea.rule },
    },
    effects: [{ type: 'notify', notice: 'emergency-ended', detail: { cause, reason: ea.reason } }],
  };
}
