import { describe, expect, it } from 'vitest';
import type { TokenListItem } from '../../client/ea-service.js';
import {
  initialTokenList,
  selectedToken,
  tokenListReducer,
  type TokenListAction,
  type TokenListState,
} from './token-list.js';

const item = (serial: string, over: Partial<TokenListItem> = {}): TokenListItem => ({
  serial,
  user: `user-${serial}`,
  state: 'active',
  reason: null,
  kind: null,
  unusedCodes: null,
  expiresAt: null,
  tokenExpiresAt: '2027-01-01T00:00:00.000Z',
  flags: [],
  ...over,
});

const run = (...actions: TokenListAction[]): TokenListState => actions.reduce(tokenListReducer, initialTokenList);
const serials = (state: TokenListState) => state.rows.map((r) => r.serial);

const items = [
  item('T10'),
  item('T2', { state: 'emergency', expiresAt: '2026-03-05T00:00:00.000Z', user: 'alice' }),
  item('T1', { state: 'emergency', expiresAt: '2026-03-02T00:00:00.000Z' }),
  item('T3', { state: 'retired' }),
];

describe('token list reducer', () => {
  it('sorts serials naturally', () => {
    expect(serials(run({ type: 'loaded', items }))).toEqual(['T1', 'T2', 'T3', 'T10']);
  });

  it('sorts by time left with tokens outside EA last, and back', () => {
    const state = run({ type: 'loaded', items }, { type: 'toggle-sort' });
    expect(serials(state)).toEqual(['T1', 'T2', 'T3', 'T10']);
    const later = tokenListReducer(state, {
      type: 'loaded',
      items: [...items, item('T0', { expiresAt: '2026-03-03T00:00:00.000Z' })],
    });
    expect(serials(later)).toEqual(['T1', 'T0', 'T2', 'T3', 'T10']);
  });

  it('cycles state filters starting with the emergencies', () => {
    const state = run({ type: 'loaded', items }, { type: 'cycle-filter' });
    expect(state.filter).toBe('emergency');
    expect(serials(state)).toEqual(['T1', 'T2']);
    expect(run({ type: 'loaded', items }, ...Array<TokenListAction>(7).fill({ type: 'cycle-filter' })).filter).toBe(
      'all',
    );
  });

  it('searches serial or user, case-insensitively, and Esc clears', () => {
    const typed = run({ type: 'loaded', items }, { type: 'search-start' }, { type: 'search-type', text: 'ALI' });
    expect(typed.searching).toBe(true);
    expect(serials(typed)).toEqual(['T2']);
    expect(serials(tokenListReducer(typed, { type: 'search-backspace' }))).toEqual(['T2']);
    const bySerial = run({ type: 'loaded', items }, { type: 'search-type', text: 't1' });
    expect(serials(bySerial)).toEqual(['T1', 'T10']);
    const cleared = tokenListReducer(typed, { type: 'search-clear' });
    expect(cleared).toMatchObject({ query: '', searching: false });
    expect(serials(cleared)).toHaveLength(4);
  });

  it('keeps the cursor on the same token across refreshes and re-sorts', () => {
    const onT3 = run(
      { type: 'loaded', items },
      { type: 'resize', height: 10 },
      { type: 'scroll', command: { type: 'by', delta: 2 } },
    );
    expect(selectedToken(onT3)?.serial).toBe('T3');
    const refreshed = tokenListReducer(onT3, { type: 'loaded', items: [item('T0'), ...items] });
    expect(selectedToken(refreshed)?.serial).toBe('T3');
    expect(selectedToken(tokenListReducer(refreshed, { type: 'toggle-sort' }))?.serial).toBe('T3');
  });

  it('clamps the cursor when its token is filtered away', () => {
    const onT10 = run(
      { type: 'loaded', items },
      { type: 'resize', height: 10 },
      { type: 'scroll', command: { type: 'end' } },
    );
    expect(selectedToken(tokenListReducer(onT10, { type: 'cycle-filter' }))?.serial).toBe('T2');
  });
});
