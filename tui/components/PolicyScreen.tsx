// Screen 2: the policy as a form grouped by the seed page's sections, with live validation,
// saving all edits at once, and the change history. Read-only, with the reason on its last line,
// for a principal whose roles may not send setPolicy (only admin may).
import { Box, Text } from 'ink';
import { useCallback, type Dispatch } from 'react';
import { EaError } from '../../client/ea-service.js';
import { useDashboard } from '../hooks/use-dashboard.js';
import { refusalOf, type SignedSend } from '../state/access.js';
import { useFittedWindow } from '../hooks/use-fitted-window.js';
import { useScreenKeys, type KeyHint } from '../hooks/use-keys.js';
import { usePoll } from '../hooks/use-poll.js';
import { textEditOf } from '../utils/text-edit.js';
import {
  pendingAssignments,
  POLICY_LINES,
  selectedKey,
  type PolicyEditorAction,
  type PolicyEditorState,
} from '../state/policy-editor.js';
import { scrollCommandOf, visibleSlice, type ScrollWindow } from '../state/scroll-window.js';
import { formatChance } from '../../domain/guessing.js';
import { applyPolicyAssignments, POLICY_KEYS, policyGuessingOdds } from '../../domain/policy.js';
import type { Policy } from '../../domain/types.js';
import { fit } from '../utils/fit.js';
import { formatInstant } from '../utils/time-left.js';

const FORM_HINTS: KeyHint[] = [
  { keys: '↑↓/jk', does: 'move' },
  { keys: 'Enter', does: 'edit' },
  { keys: 'x', does: 'revert value' },
  { keys: 'u', does: 'undo all' },
  { keys: 's', does: 'save' },
  { keys: 'h', does: 'history' },
];
const READ_ONLY_HINTS: KeyHint[] = [
  { keys: '↑↓/jk', does: 'move' },
  { keys: 'h', does: 'history' },
];
const EDIT_HINTS: KeyHint[] = [
  { keys: 'type or ←→', does: 'change' },
  { keys: 'Enter', does: 'keep' },
  { keys: 'Esc', does: 'cancel' },
];
const HELP_LINES = 3;
const SAVE: SignedSend = { message: 'setPolicy' };

const HISTORY_HINTS: KeyHint[] = [
  { keys: '↑↓/jk', does: 'scroll' },
  { keys: 'h/Esc', does: 'back to form' },
];

function KeyLine({ state, index, width }: { state: PolicyEditorState; index: number; width: number }) {
  const key = POLICY_KEYS[index];
  if (!key) return null;
  const selected = state.cursor === index;
  const editing = selected && state.editing !== null;
  const saved = state.saved[key.key] ?? '';
  const value = editing ? (state.editing?.buffer ?? '') : (state.draft[key.key] ?? saved);
  const changed = value !== saved;
  const error = state.errors[key.key];
  return (
    <Text wrap="truncate" inverse={selected && !editing}>
      {selected ? '› ' : '  '}
      {/* The key's name is in the help line below: the rows read like the seed's page. */}
      {fit(key.label, Math.min(50, Math.max(20, width - 40)))}{' '}
      <Text color={editing ? 'cyan' : changed ? 'yellow' : undefined} bold={changed}>
        {editing ? `[${value}▏]` : value}
      </Text>
      {changed ? <Text dimColor>{` (saved: ${saved})`}</Text> : null}
      {/* The selected key's message is shown in full below the form. */}
      {error ? <Text color="red">{selected ? '  ✗' : `  ✗ ${error}`}</Text> : null}
    </Text>
  );
}

function HistoryView({ state, window }: { state: PolicyEditorState; window: ScrollWindow }) {
  if (state.history.length === 0) return <Text dimColor> no changes since the defaults</Text>;
  const newestFirst = [...state.history].reverse();
  return (
    <>
      {visibleSlice(newestFirst, window).map((change, i) => (
        <Text key={change.version} wrap="truncate" inverse={window.top + i === window.cursor}>
          {`  v${change.version} `}
          <Text dimColor>{`${formatInstant(change.at)} ${change.actor}  `}</Text>
          {change.changes.map((c) => `${c.key} ${c.from} → ${c.to}`).join(', ')}
        </Text>
      ))}
    </>
  );
}

/** The chance a guesser finds a valid code under the draft when it is valid, else the saved policy. */
function guessingOf(state: PolicyEditorState): string | null {
  if (!state.policy) return null;
  const draft = applyPolicyAssignments(state.policy, pendingAssignments(state));
  const policy: Policy = draft.ok ? draft.policy : state.policy;
  return `guessing ${formatChance(policyGuessingOdds(policy).chance)}`;
}

export function PolicyScreen({
  state,
  dispatch,
  height,
  width,
}: {
  state: PolicyEditorState;
  dispatch: Dispatch<PolicyEditorAction>;
  height: number;
  width: number;
}) {
  const { service, principal, access, fail, notify } = useDashboard();
  const readOnly = refusalOf(principal, access, SAVE);
  const reload = usePoll(
    () => Promise.all([service.policy(), service.policyHistory()]),
    ([policy, history]) => dispatch({ type: 'loaded', policy, history }),
  );
  // Toolbar, then the form, then the help of the selected key (some run to three lines) and the
  // messages about no one key.
  const listHeight = Math.max(1, height - 1 - HELP_LINES - 1);
  const resize = useCallback((height: number) => dispatch({ type: 'resize', height }), [dispatch]);
  const window = useFittedWindow(
    state.window,
    listHeight,
    state.view === 'form' ? POLICY_LINES.length : state.history.length,
    resize,
  );

  const save = async () => {
    const assignments = pendingAssignments(state);
    if (Object.keys(assignments).length === 0) return notify({ tone: 'info', text: 'nothing to save' });
    if (Object.keys(state.errors).length + state.general.length > 0)
      return notify({ tone: 'error', text: 'fix the values marked ✗ before saving' });
    dispatch({ type: 'saving' });
    try {
      const policy = await service.setPolicy(assignments, {});
      dispatch({ type: 'saved', policy });
      notify({ tone: 'info', text: `policy saved as version ${policy.version}` });
      reload();
    } catch (error) {
      dispatch({ type: 'save-failed', errors: error instanceof EaError ? error.fields : [] });
      fail(error);
    }
  };

  const hints =
    state.view === 'history'
      ? HISTORY_HINTS
      : state.editing
        ? EDIT_HINTS
        : readOnly !== null
          ? READ_ONLY_HINTS
          : FORM_HINTS;
  useScreenKeys(
    hints,
    (input, key) => {
      if (state.view === 'history') {
        const command = scrollCommandOf(input, key);
        if (command) dispatch({ type: 'scroll', command });
        else if (input === 'h' || key.escape) dispatch({ type: 'toggle-view' });
        else return false;
        return true;
      }
      if (state.editing) {
        if (key.return) dispatch({ type: 'edit-commit' });
        else if (key.escape) dispatch({ type: 'edit-cancel' });
        else if (key.leftArrow || key.rightArrow) dispatch({ type: 'edit-cycle', delta: key.leftArrow ? -1 : 1 });
        else {
          const edit = textEditOf(input, key);
          if (edit?.type === 'type') dispatch({ type: 'edit-type', text: edit.text });
          if (edit?.type === 'backspace') dispatch({ type: 'edit-backspace' });
        }
        return true; // typing a value takes every key
      }
      const command = scrollCommandOf(input, key);
      if (command) dispatch({ type: 'scroll', command });
      else if (input === 'h') dispatch({ type: 'toggle-view' });
      // Read-only: no value can be edited or saved (x and u only ever touch the local draft).
      else if (readOnly !== null && (key.return || input === 's'))
        notify({ tone: 'info', text: `the policy is read-only: ${readOnly}` });
      else if (key.return) dispatch({ type: 'edit' });
      else if (input === 'x') dispatch({ type: 'revert-key' });
      else if (input === 'u') dispatch({ type: 'discard' });
      else if (input === 's') void save();
      else return false;
      return true;
    },
    state.editing !== null,
  );

  const errorCount = Object.keys(state.errors).length + state.general.length;
  const current = selectedKey(state);
  const currentError = current ? state.errors[current.key] : undefined;
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text wrap="truncate">
        <Text bold>{state.view === 'history' ? 'Policy history' : 'Policy'}</Text>
        <Text dimColor>{state.policy ? ` · version ${state.policy.version}` : ' · loading…'}</Text>
        {readOnly !== null ? <Text color="yellow"> · read-only</Text> : null}
        {state.view === 'form' && state.policy ? <Text dimColor>{` · ${guessingOf(state)}`}</Text> : null}
        {state.changes > 0 ? (
          <Text color="yellow">{` · ${state.changes} unsaved change${state.changes === 1 ? '' : 's'}`}</Text>
        ) : null}
        {errorCount > 0 ? <Text color="red">{` · ${errorCount} error${errorCount === 1 ? '' : 's'}`}</Text> : null}
        {state.saving ? <Text color="yellow"> · saving…</Text> : null}
      </Text>
      {state.view === 'history' ? (
        <HistoryView state={state} window={window} />
      ) : (
        visibleSlice(POLICY_LINES, window).map((line, i) =>
          line.type === 'section' ? (
            <Text key={`s${window.top + i}`} bold color="cyan" wrap="truncate">
              {line.section}
            </Text>
          ) : (
            <KeyLine key={`k${line.index}`} state={state} index={line.index} width={width} />
          ),
        )
      )}
      <Box flexGrow={1} />
      {state.view === 'form' ? (
        <>
          <Box height={HELP_LINES} overflow="hidden" flexDirection="column">
            {currentError ? <Text color="red">{`✗ ${currentError}`}</Text> : null}
            <Text dimColor>{current ? `${current.key}: ${current.help}` : ' '}</Text>
          </Box>
          {readOnly !== null && state.general.length === 0 ? (
            <Text color="yellow" wrap="truncate">{`Read-only: ${readOnly}`}</Text>
          ) : (
            <Text color="red" wrap="truncate">
              {state.general.join(' · ') || ' '}
            </Text>
          )}
        </>
      ) : null}
    </Box>
  );
}
