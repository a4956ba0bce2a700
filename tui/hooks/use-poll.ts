// Polls the service: now, then every `refreshMs` after each answer (never two calls in flight),
// until unmounted or `key` changes. Answers that arrive after that are dropped, so a slow reply
// for one token never lands on another's screen. A failed poll shows in the status line until a
// poll succeeds again. `refresh()` polls at once, e.g. after an action.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useDashboard } from './use-dashboard.js';

export interface PollOptions {
  /** Restart polling when this changes (e.g. the serial on screen). */
  key?: string;
  /** Poll more often than the dashboard's refresh interval (never less often). */
  atMostMs?: number;
}

export function usePoll<T>(load: () => Promise<T>, onData: (value: T) => void, { key, atMostMs }: PollOptions = {}): () => void {
  const { refreshMs, pollFailed, pollSucceeded } = useDashboard();
  const latest = useRef({ load, onData, pollFailed, pollSucceeded });
  latest.current = { load, onData, pollFailed, pollSucceeded };
  const [generation, setGeneration] = useState(0);
  const intervalMs = Math.min(refreshMs, atMostMs ?? refreshMs);

  useEffect(() => {
    let live = true;
    let timer: NodeJS.Timeout | undefined;
    const poll = async () => {
      try {
        const value = await latest.current.load();
        if (live) {
          latest.current.onData(value);
          latest.current.pollSucceeded();
        }
      } catch (error) {
        if (live) latest.current.pollFailed(error);
      }
      if (live) timer = setTimeout(poll, intervalMs);
    };
    void poll();
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [intervalMs, key, generation]);

  return useCallback(() => setGeneration((g) => g + 1), []);
}
