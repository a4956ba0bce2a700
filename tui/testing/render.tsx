// The one way tests (and the benchmark) render the dashboard: a fixed terminal size and clock,
// frames without ANSI codes, and keys sent the way a terminal sends them.
import { cleanup, render } from 'ink-testing-library';
import { stripVTControlCharacters } from 'node:util';
import type { ReactElement } from 'react';
import type { EaService } from '../../client/ea-service.js';
import { ADMIN_PRINCIPAL } from '../../client/keys.js';
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

/** Lets effects run (useInput subscribes in one: keys written before it are lost). */
export function tick(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5));
}

export interface Rendered {
  /** The latest frame, ANSI codes removed. */
  frame: () => string;
  /** The latest frame as the terminal gets it. */
  rawFrame: () => string;
  /** Sends raw input at once, without waiting. */
  write: (input: string) => void;
  rerender: (tree: ReactElement) => void;
  unmount: () => void;
}

export interface RenderedDashboard extends Rendered {
  /** Sends keys one at a time, each once the previous one has been handled and drawn. */
  press: (...keys: string[]) => Promise<void>;
}

/** Renders without waiting. */
export function mount(tree: ReactElement): Rendered {
  const ink = render(tree);
  return {
    frame: () => stripVTControlCharacters(ink.lastFrame() ?? ''),
    rawFrame: () => ink.lastFrame() ?? '',
    write: (input) => ink.stdin.write(input),
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
  /** Who the dashboard acts as: the in-memory service's own principal, `admin`, unless a test names another. */
  principal?: string;
  onKeyHandled?: () => void;
}

export function dashboard(service: EaService, options: DashboardTestOptions = {}): ReactElement {
  // Polling is slow unless a test asks: frames then change only because of the test's keys.
  return (
    <App
      service={service}
      principal={options.principal ?? ADMIN_PRINCIPAL}
      refreshMs={options.refreshMs ?? 60_000}
      clock={options.clock ?? (() => TEST_NOW)}
      size={options.size ?? TEST_SIZE}
      onKeyHandled={options.onKeyHandled}
    />
  );
}

/**
 * Keys are handled in turn after renders (hooks/use-ordered-input.ts), later than a fixed delay
 * on a busy machine: `press` waits for the dashboard to say each key is done, never for a time.
 */
export async function renderDashboard(
  service: EaService,
  options: Omit<DashboardTestOptions, 'onKeyHandled'> = {},
): Promise<RenderedDashboard> {
  let handled: (() => void) | null = null;
  const rendered = await renderInk(dashboard(service, { ...options, onKeyHandled: () => handled?.() }));
  const press = async (key: string) => {
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`key ${JSON.stringify(key)} was not handled within 5 s; frame:\n${rendered.frame()}`)),
        5000,
      );
      handled = () => {
        clearTimeout(timer);
        resolve();
      };
    });
    rendered.write(key);
    await done;
    handled = null;
    // The key's own updates are drawn in the commit that handled it; let that finish writing.
    await new Promise((resolve) => setImmediate(resolve));
  };
  return {
    ...rendered,
    press: async (...keys) => {
      for (const key of keys) await press(key);
    },
  };
}

export { cleanup };
