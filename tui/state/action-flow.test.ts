import { describe, expect, it } from 'vitest';
import { actionFlowReducer, closedFlow, type ActionFlow, type ActionFlowEvent } from './action-flow.js';
import type { FieldSpec } from './form.js';

type Id = 'lost' | 'unlock';
const pinField: FieldSpec[] = [{ name: 'count', label: 'Count', required: true }];
const run = (...events: ActionFlowEvent<Id>[]): ActionFlow<Id> => events.reduce<ActionFlow<Id>>(actionFlowReducer, closedFlow);
const open: ActionFlowEvent<Id> = { type: 'open', choices: ['lost', 'unlock'], height: 10 };

describe('action flow', () => {
  it('goes menu → form → confirm → running → done', () => {
    const steps: ActionFlowEvent<Id>[] = [open, { type: 'choose', action: 'lost', fields: pinField }, { type: 'form', action: { type: 'type', text: '5' } }, { type: 'confirm' }];
    expect(run(...steps).step).toBe('confirm');
    const running = run(...steps, { type: 'confirm' });
    expect(running.step).toBe('running');
    const done = actionFlowReducer(running, { type: 'succeeded', outcome: { message: 'ok', codes: ['ABCDEFGH'] } });
    expect(done).toMatchObject({ step: 'done', outcome: { codes: ['ABCDEFGH'] } });
    expect(actionFlowReducer(done, { type: 'back' })).toEqual(closedFlow);
  });

  it('refuses to confirm an invalid form and shows why', () => {
    const flow = run(open, { type: 'choose', action: 'lost', fields: pinField }, { type: 'confirm' });
    expect(flow).toMatchObject({ step: 'form', form: { errors: { count: 'required' } } });
  });

  it('skips the form for actions without fields, and Esc from confirm closes them', () => {
    const flow = run(open, { type: 'menu-scroll', command: { type: 'by', delta: 1 } }, { type: 'choose', action: 'unlock', fields: [] });
    expect(flow.step).toBe('confirm');
    expect(actionFlowReducer(flow, { type: 'back' })).toEqual(closedFlow);
  });

  it('returns a failure to the confirmation with the error, ready to retry or go back', () => {
    const running = run(open, { type: 'choose', action: 'lost', fields: pinField }, { type: 'form', action: { type: 'type', text: '5' } }, { type: 'confirm' }, { type: 'confirm' });
    const failed = actionFlowReducer(running, { type: 'failed', error: 'refused: not in EA' });
    expect(failed).toMatchObject({ step: 'confirm', error: 'refused: not in EA' });
    expect(actionFlowReducer(failed, { type: 'back' })).toMatchObject({ step: 'form', form: { values: { count: '5' } } });
  });

  it('ignores Esc while the call is in flight', () => {
    const running = run(open, { type: 'choose', action: 'unlock', fields: [] }, { type: 'confirm' });
    expect(actionFlowReducer(running, { type: 'back' })).toBe(running);
  });
});
