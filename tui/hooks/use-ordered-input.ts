// Keys take turns. Ink hands each key over at once, but React draws later: two keys arriving
// before a render would both be handled against the old state (typing `/q` quickly would quit
// instead of searching for "q"). So a key is handled at once only when everything handled before
// it has been drawn; otherwise it queues and is handled in the commit that follows, when every
// handler sees what its predecessor did. Handling at once matters: a turn of its own would be a
// render, and every render redraws the whole screen.
import { useInput, type Key } from 'ink';
import { useLayoutEffect, useRef, useState } from 'react';

export function useOrderedInput(handle: (input: string, key: Key) => void, onHandled?: () => void): void {
  const queue = useRef<[string, Key][]>([]);
  const latest = useRef({ handle, onHandled });
  latest.current = { handle, onHandled };
  // Set by handling a key, cleared by the next commit: until then the handlers are stale.
  const undrawn = useRef(false);
  const [, setTurn] = useState(0);

  const run = (input: string, key: Key) => {
    undrawn.current = true;
    latest.current.handle(input, key);
    latest.current.onHandled?.();
  };

  useInput((input, key) => {
    if (!undrawn.current && queue.current.length === 0) return run(input, key);
    queue.current.push([input, key]);
    setTurn((t) => t + 1);
  });

  useLayoutEffect(() => {
    undrawn.current = false;
    const next = queue.current.shift();
    if (!next) return;
    run(...next);
    if (queue.current.length > 0) setTurn((t) => t + 1);
  });
}
