import { describe, expect, it } from 'vitest';
import { AUDIT_LIMIT, recordEvent, refuse, stepWith } from './audit.js';
import { ctxAt, newToken, operator, T0 } from './test-fixtures.js';

describe('audit records', () => {
  it('are numbered <serial>:<seq>, stamped, attributed, and appended to the state', () => {
    const state = newToken();
    const step = stepWith(
      state,
      ctxAt(T0 + 1000),
      [
        { type: 'a', outcome: 'ok', reason: null },
        { type: 'b', outcome: 'refused', reason: 'why', detail: { n: 1 } },
      ],
      'result',
    );
    expect(step.records).toEqual([
      {
        id: 'T1:2',
        at: '2026-03-01T12:00:01.000Z',
        serial: 'T1',
        user: 'alice',
        actor: operator.actor,
        origin: 'operator',
        type: 'a',
        outcome: 'ok',
        reason: null,
      },
      {
        id: 'T1:3',
        at: '2026-03-01T12:00:01.000Z',
        serial: 'T1',
        user: 'alice',
        actor: operator.actor,
        origin: 'operator',
        type: 'b',
        outcome: 'refused',
        reason: 'why',
        detail: { n: 1 },
      },
    ]);
    expect(step.state.audit.slice(-2)).toEqual(step.records);
    expect(step.state.auditSeq).toBe(3);
    expect(step.result).toBe('result');
  });

  it(`keep the newest ${AUDIT_LIMIT} in state while numbering goes on`, () => {
    let state = newToken();
    for (let i = 0; i < AUDIT_LIMIT + 20; i++)
      state = recordEvent(state, { type: 'x', outcome: 'ok', reason: null }, ctxAt(T0)).state;
    expect(state.audit).toHaveLength(AUDIT_LIMIT);
    expect(state.audit.at(-1)?.id).toBe(`T1:${AUDIT_LIMIT + 21}`);
    expect(state.audit[0]?.id).toBe('T1:22');
  });

  it('a refusal is one record and a result saying why', () => {
    const step = refuse(newToken(), ctxAt(T0), 'clear', 'not now');
    expect(step.result).toEqual({ ok: false, code: 'refused', message: 'not now' });
    expect(step.records).toMatchObject([
      { type: 'refused', outcome: 'refused', reason: 'not now', detail: { action: 'clear', code: 'refused' } },
    ]);
    const typed = refuse(newToken(), ctxAt(T0), 'x', 'bad', { code: 'invalid', type: 'found-denied-by-rule' });
    expect(typed.records[0]).toMatchObject({ type: 'found-denied-by-rule', detail: { code: 'invalid' } });
  });
});
