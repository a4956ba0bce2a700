// Polls the service: now, then `intervalMs` after each answer (never two calls in flight), until
// unmounted or `key` changes. Answers that arrive after that are dropped, so a slow reply for one
// token never lands on another's screen. `refresh()` polls at once, e.g. after an action.
import { useCallback, useEffect, useRef, useState } from 'react';

export interface PollOptions<T> {
  load: () => Promise<T>;
  onData: (value: T) => void;
  onError: (error: unknown) => void;
  intervalMs: number;
  /** Restart polling when this changes (e.g. the serial on screen). */
  key?: string;
}

export function usePoll<T>({ load, onData, onError, intervalMs, key }: PollOptions<T>): () => void {
  const latest = useRef({ load, onData, onError });
  latest.current = { load, onData, onError };
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    let live = true;
    let timer: NodeJS.Timeout | undefined;
    const poll = async () => {
      try {
        const value = await latest.current.load();
        if (live) latest.current.onData(value);
      } catch (error) {
        if (live) latest.current.onError(error);
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
