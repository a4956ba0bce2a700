// The token list screen: the latest list from the service, and what the operator has done to
// view it (state filter, search, sort, cursor). The visible rows are derived here, once per
// change, so rendering only slices them.
import type { TokenListItem } from '../../client/ea-service.js';
import { TOKEN_STATES, type TokenStateName } from '../../domain/types.js';
import {
  applyScroll,
  initialWindow,
  resizeWindow,
  scrollTo,
  type ScrollCommand,
  type ScrollWindow,
} from './scroll-window.js';

export type StateFilter = 'all' | TokenStateName;
/** Cycle order: what a help desk looks at most comes first. */
export const STATE_FILTERS: readonly StateFilter[] = [
  'all',
  'emergency',
  'emergency-lapsed',
  ...TOKEN_STATES.filter((s) => s !== 'emergency' && s !== 'emergency-lapsed'),
];

export type SortOrder = 'serial' | 'time-left';

export interface TokenListState {
  items: TokenListItem[];
  loaded: boolean;
  filter: StateFilter;
  query: string;
  /** True while `/` search is taking keystrokes. */
  searching: boolean;
  sort: SortOrder;
  /** `items`, sorted: recomputed only when the items or the order change. */
  sorted: TokenListItem[];
  /** `sorted`, filtered and searched: what the table shows. */
  rows: TokenListItem[];
  window: ScrollWindow;
}

export type TokenListAction =
  | { type: 'loaded'; items: TokenListItem[] }
  | { type: 'cycle-filter' }
  | { type: 'toggle-sort' }
  | { type: 'search-start' }
  | { type: 'search-type'; text: string }
  | { type: 'search-backspace' }
  | { type: 'search-done' }
  | { type: 'search-clear' }
  | { type: 'scroll'; command: ScrollCommand }
  | { type: 'resize'; height: number };

export const initialTokenList: TokenListState = {
  items: [],
  loaded: false,
  filter: 'all',
  query: '',
  searching: false,
  sort: 'serial',
  sorted: [],
  rows: [],
  window: initialWindow,
};

const bySerial = new Intl.Collator('en', { numeric: true }).compare;

function sortItems(items: TokenListItem[], sort: SortOrder): TokenListItem[] {
  if (sort === 'serial') return [...items].sort((a, b) => bySerial(a.serial, b.serial));
  // ISO UTC strings order like instants; tokens with no EA end go last.
  return [...items].sort((a, b) => {
    if (a.expiresAt === b.expiresAt) return bySerial(a.serial, b.serial);
    if (a.expiresAt === null) return 1;
    if (b.expiresAt === null) return -1;
    return a.expiresAt < b.expiresAt ? -1 : 1;
  });
}

function matches(item: TokenListItem, filter: StateFilter, needle: string): boolean {
  if (filter !== 'all' && item.state !== filter) return false;
  if (needle === '') return true;
  return item.serial.toLowerCase().includes(needle) || (item.user?.toLowerCase().includes(needle) ?? false);
}

/** Re-derives the rows and keeps the cursor on the same token when it is still listed. */
function derive(state: TokenListState, changes: Partial<TokenListState>, resort: boolean): TokenListState {
  const next = { ...state, ...changes };
  const sorted = resort ? sortItems(next.items, next.sort) : next.sorted;
  const needle = next.query.trim().toLowerCase();
  const rows = sorted.filter((item) => matches(item, next.filter, needle));
  const selected = selectedToken(state)?.serial;
  const kept = selected === undefined ? -1 : rows.findIndex((item) => item.serial === selected);
  return {
    ...next,
    sorted,
    rows,
    window: scrollTo(next.window, kept === -1 ? state.window.cursor : kept, rows.length),
  };
}

export function tokenListReducer(state: TokenListState, action: TokenListAction): TokenListState {
  switch (action.type) {
    case 'loaded':
      return derive(state, { items: action.items, loaded: true }, true);
    case 'cycle-filter': {
      const next = STATE_FILTERS[(STATE_FILTERS.indexOf(state.filter) + 1) % STATE_FILTERS.length] ?? 'all';
      return derive(state, { filter: next }, false);
    }
    case 'toggle-sort':
      return derive(state, { sort: state.sort === 'serial' ? 'time-left' : 'serial' }, true);
    case 'search-start':
      return { ...state, searching: true };
    case 'search-type':
      return derive(state, { query: state.query + action.text }, false);
    case 'search-backspace':
      return derive(state, { query: state.query.slice(0, -1) }, false);
    case 'search-done':
      return { ...state, searching: false };
    case 'search-clear':
      return derive(state, { query: '', searching: false }, false);
    case 'scroll':
      return { ...state, window: applyScroll(state.window, action.command, state.rows.length) };
    case 'resize': {
      const window = resizeWindow(state.window, action.height, state.rows.length);
      return window === state.window ? state : { ...state, window };
    }
  }
}

export function selectedToken(state: TokenListState): TokenListItem | undefined {
  return state.rows[state.window.cursor];
}
