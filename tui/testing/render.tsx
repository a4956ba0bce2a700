// The one way tests (and the benchmark) render the dashboard: a fixed terminal size and clock,
// frames without ANSI codes, and keys sent the way a terminal sends them.
import { cleanup, render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import type { ReactElement } from 'react';
import type { EaService } from '../../client/ea-service.js';
import { App } from '../App.js';
import type { TerminalSize } from '../hooks/use-terminal-size.js';

export const TEST_SIZE: TerminalSize = { columns: 100, rows: 30 };
/** The instant tests live at: every countdown is computed from it. */
export const TEST_NOW = Date.parse('2026-03-01T12:00:00.000Z');

export const KEYS = {
  up: '\u001B[A',
  down: '\u001B[B',
  right: '\u001B[C',
  left: '\u001B[D',
  pageDown: '\u001B[6~',
  end: '\u001B[F',
  enter: '\r',
  escape: '\u001B',
  tab: '\t',
  backspace: '\u007F',
} as const;

/** Lets Ink's input handling (a lone Esc waits one setImmediate) and React's commit run. */
export function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

export interface Rendered {
  /** The latest frame, ANSI codes removed. */
  frame: () => string;
  /** Sends raw input at once, without waiting. */
  write: (input: string) => void;
  /** Sends keys one at a time, waiting for each to be handled. */
  press: (...keys: string[]) => Promise<void>;
  rerender: (tree: ReactElement) => void;
  unmount: () => void;
}

/** Renders without waiting: keys sent before the next tick are lost (useInput subscribes in an effect). */
export function mount(tree: ReactElement): Rendered {
  const ink = render(tree);
  return {
    frame: () => stripVTControlCharacters(ink.lastFrame() ?? ''),
    write: (input) => ink.stdin.write(input),
    press: async (...keys) => {
      for (const key of keys) {
        ink.stdin.write(key);
        await tick();
      }
    },
    rerender: ink.rerender,
    unmount: ink.unmount,
  };
}

export async function renderInk(tree: ReactElement): Promise<Rendered> {
  const rendered = mount(tree);
  await tick();
  return rendered;
}

export interface DashboardTestOptions {
  size?: TerminalSize;
  refreshMs?: number;
  clock?: () => number;
  actor?: string;
}

export function dashboard(service: EaService, options: DashboardTestOptions = {}): ReactElement {
  // Polling is slow unless a test asks: frames then change only because of the test's keys.
  return <App service={service} actor={options.actor ?? 'helpdesk'} refreshMs={options.refreshMs ?? 60_000} clock={options.clock ?? (() => TEST_NOW)} size={options.size ?? TEST_SIZE} />;
}

export function renderDashboard(service: EaService, options: DashboardTestOptions = {}): Promise<Rendered> {
  return renderInk(dashboard(service, options));
}

export { cleanup };
