// Keys take turns. Ink hands each key over at once, but React draws later: two keys arriving
// before a render would both be handled against the old state (typing `/q` quickly would quit
// instead of searching for "q"). So keys queue, and each is handled in the commit that follows
// the previous one's render, when every handler sees what its predecessor did.
import { useInput, type Key } from 'ink';
import { useLayoutEffect, useRef, useState } from 'react';

export function useOrderedInput(handle: (input: string, key: Key) => void, onHandled?: () => void): void {
  const queue = useRef<[string, Key][]>([]);
  const latest = useRef({ handle, onHandled });
  latest.current = { handle, onHandled };
  const [turn, setTurn] = useState(0);

  useInput((input, key) => {
    queue.current.push([input, key]);
    setTurn((t) => t + 1);
  });

  useLayoutEffect(() => {
    const next = queue.current.shift();
    if (!next) return;
    latest.current.handle(...next);
    latest.current.onHandled?.();
    if (queue.current.length > 0) setTurn((t) => t + 1);
  }, [turn]);
}
