import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, POLICY_KEYS } from '../../domain/policy.js';
import {
  initialPolicyEditor,
  pendingAssignments,
  POLICY_LINES,
  policyEditorReducer,
  selectedKey,
  type PolicyEditorAction,
  type PolicyEditorState,
} from './policy-editor.js';

const loaded: PolicyEditorAction = { type: 'loaded', policy: DEFAULT_POLICY, history: [] };
const run = (...actions: PolicyEditorAction[]): PolicyEditorState =>
  actions.reduce(policyEditorReducer, initialPolicyEditor);
const indexOf = (key: string) => POLICY_KEYS.findIndex((k) => k.key === key);
/** Moves the cursor onto a key. */
const goTo = (key: string): PolicyEditorAction => ({ type: 'scroll', command: { type: 'by', delta: indexOf(key) } });

describe('policy editor reducer', () => {
  it('lays the keys out under their section headings', () => {
    const sections = POLICY_LINES.filter((l) => l.type === 'section');
    expect(sections.length).toBe(new Set(POLICY_KEYS.map((k) => k.section)).size);
    expect(POLICY_LINES[0]?.type).toBe('section');
    expect(POLICY_LINES.filter((l) => l.type === 'key')).toHaveLength(POLICY_KEYS.length);
  });

  it('edits a number: checked while typing, kept in the draft on Enter', () => {
    const typing = run(
      loaded,
      goTo('tokenCode.setSize'),
      { type: 'edit' },
      { type: 'edit-backspace' },
      { type: 'edit-type', text: '99' },
    );
    expect(selectedKey(typing)?.key).toBe('tokenCode.setSize');
    expect(typing.editing?.buffer).toBe('99');
    expect(typing.errors['tokenCode.setSize']).toBeTruthy();
    const fixed = run(
      loaded,
      goTo('tokenCode.setSize'),
      { type: 'edit' },
      { type: 'edit-backspace' },
      { type: 'edit-type', text: '8' },
      { type: 'edit-commit' },
    );
    expect(fixed).toMatchObject({ editing: null, draft: { 'tokenCode.setSize': '8' }, errors: {}, changes: 1 });
    expect(pendingAssignments(fixed)).toEqual({ 'tokenCode.setSize': '8' });
  });

  it('Esc leaves the value as it was', () => {
    const state = run(
      loaded,
      goTo('tokenCode.setSize'),
      { type: 'edit' },
      { type: 'edit-type', text: '0' },
      { type: 'edit-cancel' },
    );
    expect(state).toMatchObject({ editing: null, draft: {}, errors: {}, changes: 0 });
  });

  it('flips a switch with Enter and cycles a choice with the arrows', () => {
    const flipped = run(loaded, goTo('codeFormat.special'), { type: 'edit' });
    expect(flipped.draft['codeFormat.special']).toBe('true');
    const rule = run(
      loaded,
      goTo('permanentlyLost.ifTokenBecomesAvailable'),
      { type: 'edit' },
      { type: 'edit-cycle', delta: 1 },
      { type: 'edit-commit' },
    );
    expect(rule.draft['permanentlyLost.ifTokenBecomesAvailable']).toBe('allow-and-end-emergency');
  });

  it('reports combinations the backend refuses', () => {
    const classes = ['codeFormat.numeric', 'codeFormat.alphabetic'].map(goTo);
    const state = run(
      loaded,
      classes[0]!,
      { type: 'edit' },
      { type: 'scroll', command: { type: 'start' } },
      classes[1]!,
      { type: 'edit' },
    );
    expect(Object.keys(state.errors).length + state.general.length).toBeGreaterThan(0);
    expect(policyEditorReducer(state, { type: 'discard' })).toMatchObject({ draft: {}, errors: {}, general: [] });
  });

  it('reverts one value, and an edit back to the saved value is no change', () => {
    const twice = run(loaded, goTo('codeFormat.special'), { type: 'edit' }, { type: 'edit' });
    expect(twice.changes).toBe(0);
    expect(pendingAssignments(twice)).toEqual({});
    const reverted = run(loaded, goTo('codeFormat.special'), { type: 'edit' }, { type: 'revert-key' });
    expect(reverted.draft).toEqual({});
  });

  it('clears the draft once saved and shows the server’s field errors when refused', () => {
    const edited = run(loaded, goTo('codeFormat.special'), { type: 'edit' });
    const saved = policyEditorReducer(policyEditorReducer(edited, { type: 'saving' }), {
      type: 'saved',
      policy: { ...DEFAULT_POLICY, version: 2, codeFormat: { ...DEFAULT_POLICY.codeFormat, special: true } },
    });
    expect(saved).toMatchObject({ saving: false, draft: {}, changes: 0 });
    expect(saved.saved['codeFormat.special']).toBe('true');
    const refused = policyEditorReducer(edited, {
      type: 'save-failed',
      errors: [
        { field: 'codeFormat.special', message: 'no' },
        { field: '', message: 'policy is busy' },
      ],
    });
    expect(refused).toMatchObject({ errors: { 'codeFormat.special': 'no' }, general: ['policy is busy'] });
  });

  it('keeps the draft when a newer policy arrives', () => {
    const edited = run(loaded, goTo('codeFormat.special'), { type: 'edit' });
    const newer = policyEditorReducer(edited, {
      type: 'loaded',
      policy: { ...DEFAULT_POLICY, version: 5 },
      history: [],
    });
    expect(newer.draft).toEqual({ 'codeFormat.special': 'true' });
    expect(newer.policy?.version).toBe(5);
  });
});
