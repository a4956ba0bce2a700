// A token's detail (Enter on the list): its status, timers and audit trail, refreshed while open,
// and the operator actions (those the principal's roles may send) with their confirmation and result.
import { Box, Text } from 'ink';
import { randomUUID } from 'node:crypto';
import { useEffect, useReducer, useRef, useState } from 'react';
import type { AuditRecord } from '../../domain/types.js';
import type { TokenStatus } from '../../domain/views.js';
import { actionSpec, availableActions, grantedActions, type ActionId } from '../actions/operator-actions.js';
import { useDashboard } from '../hooks/use-dashboard.js';
import { useScreenKeys, type KeyHint } from '../hooks/use-keys.js';
import { useNow } from '../hooks/use-now.js';
import { usePoll } from '../hooks/use-poll.js';
import { useScrollWindow } from '../hooks/use-scroll-window.js';
import { textEditOf } from '../utils/text-edit.js';
import { accessLabel, UNKNOWN_ACCESS } from '../state/access.js';
import { actionFlowReducer, closedFlow, type ActionFlow } from '../state/action-flow.js';
import { currentField, formValues, type FormState } from '../state/form.js';
import { scrollCommandOf } from '../state/scroll-window.js';
import { describeError } from '../utils/describe-error.js';
import { ActionPanel } from './ActionPanel.js';
import { AuditTrail } from './AuditTrail.js';
import { codeRows, CodesBox, CODES_BOX_CHROME } from './CodesBox.js';
import { summaryHeight, TokenSummary } from './TokenSummary.js';

const HINTS: Record<ActionFlow['step'] | 'codes', KeyHint[]> = {
  closed: [
    { keys: 'a/Enter', does: 'actions' },
    { keys: '↑↓/jk', does: 'scroll audit' },
    { keys: 'r', does: 'refresh' },
    { keys: 'Esc', does: 'back to list' },
  ],
  menu: [
    { keys: '↑↓/jk', does: 'choose' },
    { keys: 'Enter', does: 'select' },
    { keys: 'Esc', does: 'close' },
  ],
  form: [
    { keys: 'Enter', does: 'review' },
    { keys: 'Esc', does: 'back' },
    { keys: '↑↓', does: 'field' },
    { keys: '←→/space', does: 'change choice' },
    { keys: 'type', does: 'edit text' },
  ],
  confirm: [
    { keys: 'Enter/y', does: 'confirm' },
    { keys: 'Esc/n', does: 'back' },
  ],
  running: [{ keys: '…', does: 'waiting for the service' }],
  done: [{ keys: 'Enter/Esc', does: 'close' }],
  codes: [
    { keys: 'Enter', does: 'codes read out: close (they are not shown again)' },
    { keys: '↑↓', does: 'more codes' },
  ],
};

interface Loaded {
  status: TokenStatus;
  /** Newest first. */
  audit: AuditRecord[];
}

export function TokenDetailScreen({
  serial,
  height,
  width,
  onBack,
}: {
  serial: string;
  height: number;
  width: number;
  onBack: () => void;
}) {
  const { service, principal, access, clock, fail, notify } = useDashboard();
  // A principal whose roles allow no action (an auditor) is not offered the action menu at all.
  const mayAct = grantedActions(access).length > 0;
  const now = useNow(clock);
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [flow, dispatch] = useReducer(actionFlowReducer<ActionId>, closedFlow);
  const refresh = usePoll(async () => {
    const [status, audit] = await Promise.all([service.status(serial), service.audit(serial)]);
    return { status, audit: [...audit].reverse() };
  }, setLoaded);

  const codes = flow.step === 'done' ? flow.outcome.codes : [];
  const rows = codes.length > 0 ? codeRows(codes, width, height) : [];
  const summaryLines = loaded ? summaryHeight(loaded.status) : 1;
  // The audit trail's heading takes one line; the rest of the body is events.
  const [auditWindow, scrollAudit] = useScrollWindow(loaded?.audit.length ?? 0, height - summaryLines - 1);
  const [codesWindow, scrollCodes] = useScrollWindow(rows.length, height - CODES_BOX_CHROME);

  const mounted = useRef(true);
  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  /** The one service call, made only from the confirmation; its answer moves the flow on. */
  const perform = (
    { action, form, requestId }: { action: ActionId; form: FormState; requestId: string },
    status: TokenStatus,
  ) => {
    dispatch({ type: 'confirm', requestId });
    actionSpec(action)
      .perform({ service, status, values: formValues(form), meta: { requestId } })
      .then(
        (outcome) => {
          notify({ tone: 'info', text: outcome.message });
          if (mounted.current) dispatch({ type: 'succeeded', outcome });
        },
        (error: unknown) => {
          fail(error);
          if (mounted.current) dispatch({ type: 'failed', error: describeError(error) });
        },
      )
      .finally(refresh);
  };

  const hints = codes.length > 0 ? HINTS.codes : HINTS[flow.step];
  useScreenKeys(
    flow.step === 'closed' && !mayAct ? hints.filter((hint) => hint.does !== 'actions') : hints,
    (input, key) => {
      switch (flow.step) {
        case 'closed': {
          const scroll = scrollCommandOf(input, key);
          if (scroll) scrollAudit(scroll);
          else if (input === 'a' || key.return) {
            const choices = loaded ? availableActions(loaded.status, access) : [];
            if (choices.length > 0) dispatch({ type: 'open', choices, height: height - 1 });
            else if (!loaded) notify({ tone: 'info', text: 'still loading' });
            else if (availableActions(loaded.status, UNKNOWN_ACCESS).length > 0)
              notify({ tone: 'info', text: `no action on ${serial} is open to ${accessLabel(principal, access)}` });
            else notify({ tone: 'info', text: `no action applies to ${serial} in state ${loaded.status.state}` });
          } else if (input === 'r') refresh();
          else if (key.escape) onBack();
          else return false;
          return true;
        }
        case 'menu': {
          const scroll = scrollCommandOf(input, key);
          const choice = flow.choices[flow.window.cursor];
          if (scroll) dispatch({ type: 'menu-scroll', command: scroll });
          else if (key.return && choice && loaded)
            dispatch({
              type: 'choose',
              action: choice,
              fields: actionSpec(choice).fields(loaded.status),
              requestId: randomUUID(),
            });
          else if (key.escape) dispatch({ type: 'back' });
          return true;
        }
        case 'form': {
          const onChoice = currentField(flow.form)?.options !== undefined;
          if (key.upArrow || (onChoice && input === 'k'))
            dispatch({ type: 'form', action: { type: 'move', delta: -1 } });
          else if (key.downArrow || key.tab || (onChoice && input === 'j'))
            dispatch({ type: 'form', action: { type: 'move', delta: 1 } });
          else if (key.leftArrow) dispatch({ type: 'form', action: { type: 'cycle', delta: -1 } });
          else if (key.rightArrow || (onChoice && input === ' '))
            dispatch({ type: 'form', action: { type: 'cycle', delta: 1 } });
          else if (key.return) dispatch({ type: 'confirm', requestId: randomUUID() });
          else if (key.escape) dispatch({ type: 'back' });
          else {
            const edit = textEditOf(input, key);
            if (edit) dispatch({ type: 'form', action: edit });
          }
          return true;
        }
        case 'confirm':
          if ((key.return || input === 'y') && loaded) perform(flow, loaded.status);
          else if (key.escape || input === 'n') dispatch({ type: 'back' });
          return true;
        case 'running':
          return true;
        case 'done':
          if (codes.length > 0) {
            // Only a deliberate Enter closes the codes: they cannot be shown again.
            const scroll = scrollCommandOf(input, key);
            if (scroll) scrollCodes(scroll);
            else if (key.return) dispatch({ type: 'back' });
          } else if (key.return || key.escape) dispatch({ type: 'back' });
          return true;
      }
    },
    flow.step !== 'closed',
  );

  if (flow.step === 'done' && codes.length > 0) {
    return (
      <Box flexDirection="column" height={height} overflow="hidden">
        <CodesBox rows={rows} window={codesWindow} total={codes.length} message={flow.outcome.message} />
      </Box>
    );
  }
  if (!loaded) {
    return (
      <Box height={height}>
        <Text dimColor>{`Loading ${serial}…`}</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      {flow.step === 'closed' ? (
        <>
          <TokenSummary status={loaded.status} now={now} />
          <AuditTrail records={loaded.audit} window={auditWindow} />
        </>
      ) : (
        <>
          {/* The action first: on a short terminal the summary is what gets cut, not the form. */}
          <ActionPanel flow={flow} serial={serial} />
          <Text> </Text>
          <TokenSummary status={loaded.status} now={now} />
        </>
      )}
    </Box>
  );
}
