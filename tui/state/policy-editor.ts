// The policy editor: the seed's settings page as a form. Edits collect in a draft that is checked
// on every keystroke with the backend's own rules (applyPolicyAssignments), and saved together
// or not at all, as `ea policy set` does.
import type { Policy, PolicyChange } from '../../domain/types.js';
import { applyPolicyAssignments, flattenPolicy, POLICY_KEYS } from '../../domain/policy.js';
import {
  applyScroll,
  initialWindow,
  resizeWindow,
  scrollTo,
  type ScrollCommand,
  type ScrollWindow,
} from './scroll-window.js';

export type PolicyKey = (typeof POLICY_KEYS)[number];

/** The form's lines: a heading before each section, then its keys. */
export type PolicyLine = { type: 'section'; section: string } | { type: 'key'; index: number };

export const POLICY_LINES: readonly PolicyLine[] = POLICY_KEYS.flatMap((k, index): PolicyLine[] =>
  index === 0 || POLICY_KEYS[index - 1]?.section !== k.section
    ? [
        { type: 'section', section: k.section },
        { type: 'key', index },
      ]
    : [{ type: 'key', index }],
);
const LINE_OF_KEY = POLICY_LINES.flatMap((line, i) => (line.type === 'key' ? [i] : []));

export interface PolicyEditorState {
  policy: Policy | null;
  history: PolicyChange[];
  /** The saved policy, flattened to the strings the form shows. */
  saved: Record<string, string>;
  /** Edited values by key; an edit back to the saved value leaves the draft. */
  draft: Record<string, string>;
  editing: { key: string; buffer: string } | null;
  /** The selected key (index into POLICY_KEYS). */
  cursor: number;
  /** Over POLICY_LINES (form view) or the history (history view). */
  window: ScrollWindow;
  view: 'form' | 'history';
  /** Per-key messages for the draft (with the value being typed), from the backend's rules. */
  errors: Record<string, string>;
  /** Messages about no single key (e.g. combinations). */
  general: string[];
  /** How many values the draft really changes. */
  changes: number;
  saving: boolean;
}

export type PolicyEditorAction =
  | { type: 'loaded'; policy: Policy; history: PolicyChange[] }
  | { type: 'scroll'; command: ScrollCommand }
  | { type: 'resize'; height: number }
  | { type: 'edit' }
  | { type: 'edit-type'; text: string }
  | { type: 'edit-backspace' }
  | { type: 'edit-cycle'; delta: number }
  | { type: 'edit-commit' }
  | { type: 'edit-cancel' }
  | { type: 'revert-key' }
  | { type: 'discard' }
  | { type: 'toggle-view' }
  | { type: 'saving' }
  | { type: 'saved'; policy: Policy }
  | { type: 'save-failed'; errors: { field: string; message: string }[] };

export const initialPolicyEditor: PolicyEditorState = {
  policy: null,
  history: [],
  saved: {},
  draft: {},
  editing: null,
  cursor: 0,
  window: initialWindow,
  view: 'form',
  errors: {},
  general: [],
  changes: 0,
  saving: false,
};

export function selectedKey(state: PolicyEditorState): PolicyKey | undefined {
  return POLICY_KEYS[state.cursor];
}

/** What would be sent on save: the draft, with the value being typed, minus unchanged values. */
export function pendingAssignments(state: PolicyEditorState): Record<string, string> {
  const all = state.editing ? { ...state.draft, [state.editing.key]: state.editing.buffer } : state.draft;
  return Object.fromEntries(Object.entries(all).filter(([key, value]) => value !== state.saved[key]));
}

function withErrors(
  state: PolicyEditorState,
  errors: { field: string; message: string }[],
  changes: number,
): PolicyEditorState {
  const byKey: Record<string, string> = {};
  const general: string[] = [];
  for (const error of errors) {
    if (POLICY_KEYS.some((k) => k.key === error.field)) byKey[error.field] ??= error.message;
    else general.push(error.field ? `${error.field}: ${error.message}` : error.message);
  }
  return { ...state, errors: byKey, general, changes };
}

function validate(state: PolicyEditorState): PolicyEditorState {
  const pending = pendingAssignments(state);
  if (!state.policy || Object.keys(pending).length === 0) return withErrors(state, [], 0);
  const result = applyPolicyAssignments(state.policy, pending);
  return result.ok
    ? withErrors(state, [], result.changes.length)
    : withErrors(state, result.errors, Object.keys(pending).length);
}

/** Scrolls the form to a key, and to its section heading when the key opens a section. */
function revealKey(window: ScrollWindow, index: number): ScrollWindow {
  const line = LINE_OF_KEY[index] ?? 0;
  const heading = POLICY_LINES[line - 1]?.type === 'section' ? line - 1 : line;
  const withHeading = heading < window.top ? { ...window, top: heading } : window;
  return scrollTo(withHeading, line, POLICY_LINES.length);
}

function cycle(values: readonly string[], current: string, delta: number): string {
  return values[(values.indexOf(current) + delta + values.length) % values.length] ?? current;
}

const BOOL_VALUES = ['true', 'false'];

function choicesOf(key: PolicyKey): readonly string[] | null {
  if (key.kind === 'bool') return BOOL_VALUES;
  return key.kind === 'enum' ? (key.values ?? null) : null;
}

export function policyEditorReducer(state: PolicyEditorState, action: PolicyEditorAction): PolicyEditorState {
  const key = selectedKey(state);
  const current = key ? (state.draft[key.key] ?? state.saved[key.key] ?? '') : '';
  switch (action.type) {
    case 'loaded':
      // A newer version from elsewhere: the draft stays, checked against what is now saved.
      return validate({
        ...state,
        policy: action.policy,
        history: action.history,
        saved: flattenPolicy(action.policy),
      });
    case 'scroll':
      if (state.view === 'history')
        return { ...state, window: applyScroll(state.window, action.command, state.history.length) };
      if (state.editing) return state;
      {
        const moved = applyScroll(
          { cursor: state.cursor, top: 0, height: state.window.height },
          action.command,
          POLICY_KEYS.length,
        ).cursor;
        return { ...state, cursor: moved, window: revealKey(state.window, moved) };
      }
    case 'resize': {
      const window =
        state.view === 'form'
          ? revealKey(resizeWindow(state.window, action.height, POLICY_LINES.length), state.cursor)
          : resizeWindow(state.window, action.height, state.history.length);
      return window === state.window ? state : { ...state, window };
    }
    case 'edit':
      if (!key || state.saving) return state;
      // A switch has only two values: Enter flips it, no typing needed.
      if (key.kind === 'bool')
        return validate({ ...state, draft: { ...state.draft, [key.key]: current === 'true' ? 'false' : 'true' } });
      return validate({ ...state, editing: { key: key.key, buffer: current } });
    case 'edit-type':
      return state.editing && key && !choicesOf(key)
        ? validate({ ...state, editing: { ...state.editing, buffer: state.editing.buffer + action.text } })
        : state;
    case 'edit-backspace':
      return state.editing && key && !choicesOf(key)
        ? validate({ ...state, editing: { ...state.editing, buffer: state.editing.buffer.slice(0, -1) } })
        : state;
    case 'edit-cycle': {
      const choices = key && choicesOf(key);
      return state.editing && choices
        ? validate({
            ...state,
            editing: { ...state.editing, buffer: cycle(choices, state.editing.buffer, action.delta) },
          })
        : state;
    }
    case 'edit-commit':
      if (!state.editing) return state;
      return validate({
        ...state,
        draft: { ...state.draft, [state.editing.key]: state.editing.buffer.trim() },
        editing: null,
      });
    case 'edit-cancel':
      return validate({ ...state, editing: null });
    case 'revert-key': {
      if (!key || state.editing) return state;
      const { [key.key]: _reverted, ...draft } = state.draft;
      return validate({ ...state, draft });
    }
    case 'discard':
      return validate({ ...state, draft: {}, editing: null });
    case 'toggle-view': {
      const view = state.view === 'form' ? 'history' : 'form';
      const window =
        view === 'form'
          ? revealKey({ ...state.window, top: 0 }, state.cursor)
          : scrollTo({ ...state.window, top: 0 }, 0, state.history.length);
      return { ...state, view, window, editing: null };
    }
    case 'saving':
      return { ...state, saving: true, editing: null };
    case 'saved':
      return validate({
        ...state,
        saving: false,
        draft: {},
        policy: action.policy,
        saved: flattenPolicy(action.policy),
      });
    case 'save-failed':
      return action.errors.length > 0
        ? withErrors({ ...state, saving: false }, action.errors, state.changes)
        : { ...state, saving: false };
  }
}
