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
  // The handlers of the latest commit, set before the effect below reads them in the same commit.
  const latest = useRef({ handle, onHandled });
  useLayoutEffect(() => {
    latest.current = { handle, onHandled };
  });
  // Set by handling a key at once, cleared by the commit that draws it: until then the handlers
  // are stale, and `onHandled` (which tests wait for before reading the screen) is still to come.
  const undrawn = useRef(false);
  // Counts the keys taken: each one's commit is the one that draws it.
  const [turn, setTurn] = useState(0);

  useInput((input, key) => {
    if (!undrawn.current && queue.current.length === 0) {
      undrawn.current = true;
      latest.current.handle(input, key);
    } else {
      queue.current.push([input, key]);
    }
    // Rendered together with the key's own updates, so it costs no render of its own; it makes
    // sure a commit follows even when the key changed nothing.
    setTurn((t) => t + 1);
  });

  useLayoutEffect(() => {
    if (undrawn.current) {
      undrawn.current = false;
      latest.current.onHandled?.();
    }
    const next = queue.current.shift();
    if (!next) return;
    // Updates made during a commit are drawn before control returns: no need to wait for one.
    latest.current.handle(...next);
    latest.current.onHandled?.();
    if (queue.current.length > 0) setTurn((t) => t + 1);
  }, [turn]);
}
