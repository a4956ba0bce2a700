// Lists whose scroll window lives in a reducer: the reducer learns the new height (it needs it to
// page and clamp), and until it has, the list draws with the new height already. A frame taller
// than its space is never drawn: Ink shrinks the rows into garbage.
import { useEffect } from 'react';
import { resizeWindow, type ScrollWindow } from '../state/scroll-window.js';

export function useFittedWindow(
  window: ScrollWindow,
  height: number,
  length: number,
  resize: (height: number) => void,
): ScrollWindow {
  const fitted = resizeWindow(window, height, length);
  // Only when the window moves: every dispatch is a render, and every render redraws the screen.
  const moved = fitted !== window;
  useEffect(() => {
    if (moved) resize(height);
  }, [resize, height, length, moved]);
  return fitted;
}
