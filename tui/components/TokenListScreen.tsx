// Screen 1: every token, refreshed every few seconds, filtered, searched and sorted locally
// (visibility cannot sort, and 10,000 rows filter in a few milliseconds).
import { Box, Text } from 'ink';
import { useCallback, type Dispatch } from 'react';
import { useDashboard } from '../hooks/use-dashboard.js';
import { useFittedWindow } from '../hooks/use-fitted-window.js';
import { useScreenKeys, type KeyHint } from '../hooks/use-keys.js';
import { useNow } from '../hooks/use-now.js';
import { usePoll } from '../hooks/use-poll.js';
import { textEditOf } from '../utils/text-edit.js';
import { scrollCommandOf } from '../state/scroll-window.js';
import { selectedToken, type TokenListAction, type TokenListState } from '../state/token-list.js';
import { TokenTable } from './TokenTable.js';

/** The toolbar's count; the benchmark waits for it to know the list has loaded. */
export function tokenCountLabel(shown: number, total: number): string {
  return `${shown}/${total} tokens`;
}

const BROWSE_HINTS: KeyHint[] = [
  { keys: '↑↓/jk', does: 'move' },
  { keys: 'Enter', does: 'open' },
  { keys: '/', does: 'search' },
  { keys: 'f', does: 'filter state' },
  { keys: 's', does: 'sort' },
  { keys: 'r', does: 'refresh' },
];
const SEARCH_HINTS: KeyHint[] = [
  { keys: 'type', does: 'serial or user' },
  { keys: 'Enter', does: 'keep' },
  { keys: 'Esc', does: 'clear' },
  { keys: '↑↓', does: 'move' },
];

interface Props {
  state: TokenListState;
  dispatch: Dispatch<TokenListAction>;
  height: number;
  width: number;
  onOpen: (serial: string) => void;
}

export function TokenListScreen({ state, dispatch, height, width, onOpen }: Props) {
  const { service, clock } = useDashboard();
  const now = useNow(clock);
  const refresh = usePoll(
    () => service.listTokens(),
    (items) => dispatch({ type: 'loaded', items }),
  );
  const tableHeight = Math.max(1, height - 2);
  const resize = useCallback((height: number) => dispatch({ type: 'resize', height }), [dispatch]);
  const window = useFittedWindow(state.window, tableHeight, state.rows.length, resize);

  useScreenKeys(
    state.searching ? SEARCH_HINTS : BROWSE_HINTS,
    (input, key) => {
      if (state.searching) {
        if (key.escape) dispatch({ type: 'search-clear' });
        else if (key.return) dispatch({ type: 'search-done' });
        else if (key.upArrow || key.downArrow)
          dispatch({ type: 'scroll', command: { type: 'by', delta: key.upArrow ? -1 : 1 } });
        else {
          const edit = textEditOf(input, key);
          if (edit?.type === 'type') dispatch({ type: 'search-type', text: edit.text });
          if (edit?.type === 'backspace') dispatch({ type: 'search-backspace' });
        }
        return true; // a search takes every key, `q` included
      }
      const scroll = scrollCommandOf(input, key);
      if (scroll) dispatch({ type: 'scroll', command: scroll });
      else if (key.return) {
        const token = selectedToken(state);
        if (token) onOpen(token.serial);
      } else if (input === '/') dispatch({ type: 'search-start' });
      else if (input === 'f') dispatch({ type: 'cycle-filter' });
      else if (input === 's') dispatch({ type: 'toggle-sort' });
      else if (input === 'r') refresh();
      else if (key.escape && state.query !== '') dispatch({ type: 'search-clear' });
      else return false;
      return true;
    },
    state.searching,
  );

  const search = state.searching ? `/${state.query}▏` : state.query ? `/${state.query}` : '/ to search';
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Text wrap="truncate">
        <Text dimColor>Filter </Text>
        <Text bold>{state.filter}</Text>
        <Text dimColor> · Sort </Text>
        <Text bold>{state.sort === 'serial' ? 'serial' : 'time left'}</Text>
        <Text dimColor> · </Text>
        <Text color={state.searching ? 'cyan' : undefined}>{search}</Text>
        <Text dimColor> · {state.loaded ? tokenCountLabel(state.rows.length, state.items.length) : 'loading…'}</Text>
      </Text>
      {state.loaded && state.rows.length === 0 ? (
        <Text dimColor>
          {state.items.length === 0
            ? 'No tokens yet: add them with `ea token add` or `ea import tokens`.'
            : 'No token matches the filter and search.'}
        </Text>
      ) : (
        <TokenTable rows={state.rows} window={window} width={width} now={now} />
      )}
    </Box>
  );
}
