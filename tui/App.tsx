// The dashboard: a header with the screens, the screen on show, a status line and a help bar.
// The frame is always exactly rows − 1 lines: ink 6 clears the whole terminal (and flickers)
// whenever its output reaches the terminal's height.
import { Box, Text, useApp } from 'ink';
import { useMemo, useReducer, useRef, useState } from 'react';
import type { EaService } from '../client/ea-service.js';
import { EventFeedScreen } from './components/EventFeedScreen.js';
import { Header } from './components/Header.js';
import { HelpBar } from './components/HelpBar.js';
import { HelpOverlay } from './components/HelpOverlay.js';
import { OutboxScreen } from './components/OutboxScreen.js';
import { PolicyScreen } from './components/PolicyScreen.js';
import { StatusLine } from './components/StatusLine.js';
import { TokenDetailScreen } from './components/TokenDetailScreen.js';
import { TokenListScreen } from './components/TokenListScreen.js';
import { useAccess } from './hooks/use-access.js';
import { DashboardContext, type Dashboard } from './hooks/use-dashboard.js';
import { KeyRouterContext, type KeyHandler, type KeyHint, type KeyRouter, type ScreenHints } from './hooks/use-keys.js';
import { useOrderedInput } from './hooks/use-ordered-input.js';
import { useTerminalSize, type TerminalSize } from './hooks/use-terminal-size.js';
import { accessLabel } from './state/access.js';
import { appReducer, initialApp, SCREENS } from './state/app.js';
import { eventFeedReducer, initialEventFeed } from './state/event-feed.js';
import { initialPolicyEditor, policyEditorReducer } from './state/policy-editor.js';
import { initialTokenList, tokenListReducer } from './state/token-list.js';
import { describeError } from './utils/describe-error.js';
import { printableService } from './printable-service.js';

export interface AppProps {
  service: EaService;
  /** Who the service signs as (its key's principal): shown in the header with its roles, which decide what is offered. */
  principal: string;
  /** How often lists and the open token are re-read. */
  refreshMs?: number;
  /** Countdowns are computed from this; tests fix it. */
  clock?: () => number;
  /** A fixed terminal size (tests); otherwise stdout's, following resizes. */
  size?: TerminalSize;
  /** Called once a key has been handled (tests wait for it before looking at the frame). */
  onKeyHandled?: () => void;
}

export const GLOBAL_HINTS: KeyHint[] = [
  { keys: 'Tab/1-4', does: 'screens' },
  { keys: '?', does: 'help' },
  { keys: 'q', does: 'quit' },
];

/** Header, status line and help bar; the screen gets the rest of rows − 1. */
const CHROME_LINES = 3;
const MIN_SIZE: TerminalSize = { columns: 40, rows: 8 };

export function App({ service: given, principal, refreshMs = 3000, clock = Date.now, size, onKeyHandled }: AppProps) {
  const service = useMemo(() => printableService(given), [given]);
  const { exit } = useApp();
  const { columns, rows } = useTerminalSize(size);
  const [app, dispatch] = useReducer(appReducer, initialApp);
  // Screens' state lives here so it survives switching screens and opening a token.
  const [tokens, dispatchTokens] = useReducer(tokenListReducer, initialTokenList);
  const [policy, dispatchPolicy] = useReducer(policyEditorReducer, initialPolicyEditor);
  const [feed, dispatchFeed] = useReducer(eventFeedReducer, initialEventFeed);
  const access = useAccess(service, principal, refreshMs);
  const [screenHints, setScreenHints] = useState<ScreenHints>({ hints: [], exclusive: false });
  const screenKeys = useRef<KeyHandler | null>(null);
  const router = useMemo<KeyRouter>(
    () => ({
      claim: (handler) => {
        screenKeys.current = handler;
        return () => {
          if (screenKeys.current === handler) screenKeys.current = null;
        };
      },
      setHints: setScreenHints,
    }),
    [],
  );
  const dashboard = useMemo<Dashboard>(
    () => ({
      service,
      principal,
      access,
      clock,
      refreshMs,
      notify: (status) => dispatch({ type: 'status', status }),
      fail: (error) => dispatch({ type: 'status', status: { tone: 'error', text: describeError(error) } }),
      pollFailed: (error) =>
        dispatch({ type: 'status', status: { tone: 'error', text: describeError(error), fromPoll: true } }),
      pollSucceeded: () => dispatch({ type: 'poll-recovered' }),
    }),
    [service, principal, access, clock, refreshMs],
  );

  useOrderedInput((input, key) => {
    if (app.help) {
      if (input === '?' || key.escape) dispatch({ type: 'toggle-help' });
      else if (input === 'q') exit();
      return;
    }
    if (screenKeys.current?.(input, key)) return;
    if (input === 'q') exit();
    else if (input === '?') dispatch({ type: 'toggle-help' });
    else if (key.tab) dispatch({ type: 'cycle-screen', delta: key.shift ? -1 : 1 });
    else {
      const screen = SCREENS[Number(input) - 1];
      if (/^[1-9]$/.test(input) && screen) dispatch({ type: 'show', screen });
    }
  }, onKeyHandled);

  const frame = { width: columns, height: rows - 1 };
  if (columns < MIN_SIZE.columns || rows < MIN_SIZE.rows) {
    return (
      <Box {...frame} overflow="hidden">
        <Text wrap="truncate">{`Terminal too small: need ${MIN_SIZE.columns}×${MIN_SIZE.rows}. q quits.`}</Text>
      </Box>
    );
  }

  const body = { height: frame.height - CHROME_LINES, width: columns };
  const screens = {
    tokens: app.detail ? (
      // Keyed by serial: a fresh screen per token, so no poll, action or code carries over.
      <TokenDetailScreen
        key={app.detail}
        serial={app.detail}
        {...body}
        onBack={() => dispatch({ type: 'close-detail' })}
      />
    ) : (
      <TokenListScreen
        state={tokens}
        dispatch={dispatchTokens}
        {...body}
        onOpen={(serial) => dispatch({ type: 'open-detail', serial })}
      />
    ),
    policy: <PolicyScreen state={policy} dispatch={dispatchPolicy} {...body} />,
    outbox: <OutboxScreen {...body} />,
    events: <EventFeedScreen state={feed} dispatch={dispatchFeed} height={body.height} />,
  };

  return (
    <DashboardContext.Provider value={dashboard}>
      <KeyRouterContext.Provider value={router}>
        <Box flexDirection="column" {...frame} overflow="hidden">
          <Header screen={app.screen} principal={accessLabel(principal, access)} />
          <Box flexDirection="column" height={body.height} overflow="hidden">
            {app.help ? (
              <HelpOverlay screenHints={screenHints.hints} globalHints={GLOBAL_HINTS} height={body.height} />
            ) : null}
            {/* Hidden, not unmounted, under the help: a half-filled form survives a look at the keys. */}
            <Box display={app.help ? 'none' : 'flex'} flexDirection="column">
              {screens[app.screen]}
            </Box>
          </Box>
          <StatusLine status={app.status} />
          <HelpBar screen={screenHints.hints} global={screenHints.exclusive ? [] : GLOBAL_HINTS} width={columns} />
        </Box>
      </KeyRouterContext.Provider>
    </DashboardContext.Provider>
  );
}
