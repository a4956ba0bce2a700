// Polls the service: now, then every `refreshMs` after each answer (never two calls in flight),
// until unmounted; an answer arriving after that is dropped. A failed poll shows in the status
// line until a poll succeeds again. `refresh()` polls at once, e.g. after an action.
import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import { useDashboard } from './use-dashboard.js';

/** `atMostMs` polls more often than the dashboard's refresh interval (never less often). */
export function usePoll<T>(
  load: () => Promise<T>,
  onData: (value: T) => void,
  { atMostMs }: { atMostMs?: number } = {},
): () => void {
  const { refreshMs, pollFailed, pollSucceeded } = useDashboard();
  // The callbacks of the latest commit; set before any effect (the poll's included) runs.
  const latest = useRef({ load, onData, pollFailed, pollSucceeded });
  useLayoutEffect(() => {
    latest.current = { load, onData, pollFailed, pollSucceeded };
  });
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
  }, [intervalMs, generation]);

  return useCallback(() => setGeneration((g) => g + 1), []);
}
