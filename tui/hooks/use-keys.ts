// One keyboard, many screens: App owns the only useInput and offers each key to the screen on
// show first. A screen that is taking text (search, a form) claims every key, so `q` typed into
// a search never quits; keys it does not claim fall through to the global ones (Tab, 1–4, ?, q).
// The screen's hints travel with its handler, so the help bar always matches what the keys do.
import type { Key } from 'ink';
import { createContext, useContext, useLayoutEffect, useRef } from 'react';

/** Returns true when the key was handled. */
export type KeyHandler = (input: string, key: Key) => boolean;

export interface KeyHint {
  keys: string;
  does: string;
}

export interface ScreenHints {
  hints: readonly KeyHint[];
  /** The screen takes every key (text entry, a dialog): the global keys do not apply. */
  exclusive: boolean;
}

export interface KeyRouter {
  /** Offers the keys to `handler`; the returned release stops that, unless a newer screen took them. */
  claim: (handler: KeyHandler) => () => void;
  setHints: (hints: ScreenHints) => void;
}

export const KeyRouterContext = createContext<KeyRouter | null>(null);

export function useScreenKeys(hints: readonly KeyHint[], handler: KeyHandler, exclusive = false): void {
  const router = useContext(KeyRouterContext);
  if (!router) throw new Error('useScreenKeys needs a KeyRouterContext (rendered inside App)');
  // The handler and hints of the latest commit (a render that is never committed must not count).
  // Layout effects run before the next key can arrive, so a new screen never misses one.
  const latest = useRef({ handler, hints });
  useLayoutEffect(() => {
    latest.current = { handler, hints };
  });
  useLayoutEffect(() => router.claim((input, key) => latest.current.handler(input, key)), [router]);

  // Hints are compared by content: screens build a fresh array on every render.
  const hintText = hints.map((h) => `${h.keys}\t${h.does}`).join('\n');
  useLayoutEffect(() => {
    router.setHints({ hints: latest.current.hints, exclusive });
  }, [router, hintText, exclusive]);
}
