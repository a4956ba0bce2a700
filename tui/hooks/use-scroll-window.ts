// A scroll window for lists a screen keeps locally (outbox, audit trail, codes): clamped to the
// list and the space on every render, so a shrinking list or terminal never leaves it dangling.
import { useCallback, useState } from 'react';
import {
  applyScroll,
  initialWindow,
  resizeWindow,
  type ScrollCommand,
  type ScrollWindow,
} from '../state/scroll-window.js';

export function useScrollWindow(length: number, height: number): [ScrollWindow, (command: ScrollCommand) => void] {
  const [stored, setStored] = useState(initialWindow);
  const scroll = useCallback(
    (command: ScrollCommand) => setStored((w) => applyScroll(resizeWindow(w, height, length), command, length)),
    [height, length],
  );
  return [resizeWindow(stored, height, length), scroll];
}
