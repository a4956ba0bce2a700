import { describe, expect, it } from 'vitest';
import {
  createForm,
  currentField,
  formReducer,
  formValues,
  isValid,
  type FieldSpec,
  type FormAction,
  type FormState,
} from './form.js';

const fields: FieldSpec[] = [
  { name: 'kind', label: 'Kind', options: ['', 'fixed', 'set'] },
  {
    name: 'count',
    label: 'Count',
    when: (v) => v.kind === 'set',
    validate: (v) => (/^\d+$/.test(v) ? null : 'a whole number'),
  },
  { name: 'note', label: 'Note', required: true },
];
const run = (...actions: FormAction[]): FormState => actions.reduce(formReducer, createForm(fields));

describe('form reducer', () => {
  it('starts with each field at its first option or empty', () => {
    expect(createForm(fields).values).toEqual({ kind: '', count: '', note: '' });
  });

  it('cycles choices both ways and wraps', () => {
    expect(run({ type: 'cycle', delta: 1 }).values.kind).toBe('fixed');
    expect(run({ type: 'cycle', delta: -1 }).values.kind).toBe('set');
  });

  it('shows a field only when it applies, and submits only visible values', () => {
    const fixed = run({ type: 'cycle', delta: 1 }, { type: 'move', delta: 1 });
    expect(currentField(fixed)?.name).toBe('note');
    const set = run({ type: 'cycle', delta: 2 }, { type: 'move', delta: 1 }, { type: 'type', text: '12' });
    expect(currentField(set)?.name).toBe('count');
    expect(formValues(set)).toEqual({ kind: 'set', count: '12', note: '' });
    expect(formValues(formReducer(set, { type: 'move', delta: -1 }))).toEqual({ kind: 'set', count: '12', note: '' });
    expect(formValues(run({ type: 'cycle', delta: 1 }))).toEqual({ kind: 'fixed', note: '' });
  });

  it('validates while typing, and requires fields only after a submit attempt', () => {
    const typed = run({ type: 'cycle', delta: 2 }, { type: 'move', delta: 1 }, { type: 'type', text: '1x' });
    expect(typed.errors).toEqual({ count: 'a whole number' });
    const fixedUp = formReducer(typed, { type: 'backspace' });
    expect(isValid(fixedUp)).toBe(true);
    const submitted = formReducer(fixedUp, { type: 'submit' });
    expect(submitted.errors).toEqual({ note: 'required' });
  });

  it('does not type into a choice field', () => {
    expect(run({ type: 'type', text: 'x' }).values.kind).toBe('');
  });
});
