import { describe, expect, it } from 'vitest';
import { actionFlowReducer, closedFlow, type ActionFlow, type ActionFlowEvent } from './action-flow.js';
import type { FieldSpec } from './form.js';

type Id = 'lost' | 'unlock';
const pinField: FieldSpec[] = [{ name: 'count', label: 'Count', required: true }];
const run = (...events: ActionFlowEvent<Id>[]): ActionFlow<Id> =>
  events.reduce<ActionFlow<Id>>(actionFlowReducer, closedFlow);
const open: ActionFlowEvent<Id> = { type: 'open', choices: ['lost', 'unlock'], height: 10 };

describe('action flow', () => {
  it('goes menu → form → confirm → running → done', () => {
    const steps: ActionFlowEvent<Id>[] = [
      open,
      { type: 'choose', action: 'lost', fields: pinField, requestId: 'r1' },
      { type: 'form', action: { type: 'type', text: '5' } },
      { type: 'confirm', requestId: 'r2' },
    ];
    expect(run(...steps).step).toBe('confirm');
    const running = run(...steps, { type: 'confirm', requestId: 'r2' });
    expect(running.step).toBe('running');
    const done = actionFlowReducer(running, { type: 'succeeded', outcome: { message: 'ok', codes: ['ABCDEFGH'] } });
    expect(done).toMatchObject({ step: 'done', outcome: { codes: ['ABCDEFGH'] } });
    expect(actionFlowReducer(done, { type: 'back' })).toEqual(closedFlow);
  });

  it('refuses to confirm an invalid form and shows why', () => {
    const flow = run(
      open,
      { type: 'choose', action: 'lost', fields: pinField, requestId: 'r1' },
      { type: 'confirm', requestId: 'r2' },
    );
    expect(flow).toMatchObject({ step: 'form', form: { errors: { count: 'required' } } });
  });

  it('skips the form for actions without fields, and Esc from confirm closes them', () => {
    const flow = run(
      open,
      { type: 'menu-scroll', command: { type: 'by', delta: 1 } },
      { type: 'choose', action: 'unlock', fields: [], requestId: 'r1' },
    );
    expect(flow.step).toBe('confirm');
    expect(actionFlowReducer(flow, { type: 'back' })).toEqual(closedFlow);
  });

  it('returns a failure to the confirmation with the error, ready to retry or go back', () => {
    const running = run(
      open,
      { type: 'choose', action: 'lost', fields: pinField, requestId: 'r1' },
      { type: 'form', action: { type: 'type', text: '5' } },
      { type: 'confirm', requestId: 'r2' },
      { type: 'confirm', requestId: 'r2' },
    );
    const failed = actionFlowReducer(running, { type: 'failed', error: 'refused: not in EA' });
    expect(failed).toMatchObject({ step: 'confirm', error: 'refused: not in EA', requestId: 'r2' });
    expect(actionFlowReducer(failed, { type: 'confirm', requestId: 'r3' })).toMatchObject({
      step: 'running',
      requestId: 'r2',
    }); // a retry repeats the request
    const edited = actionFlowReducer(failed, { type: 'back' });
    expect(edited).toMatchObject({ step: 'form', form: { values: { count: '5' } } });
    expect(actionFlowReducer(edited, { type: 'confirm', requestId: 'r4' })).toMatchObject({
      step: 'confirm',
      requestId: 'r4',
    }); // a new request
  });

  it('ignores Esc while the call is in flight', () => {
    const running = run(
      open,
      { type: 'choose', action: 'unlock', fields: [], requestId: 'r1' },
      { type: 'confirm', requestId: 'r2' },
    );
    expect(actionFlowReducer(running, { type: 'back' })).toBe(running);
  });
});
