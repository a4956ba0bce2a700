// `ea dashboard`: the Ink app on the terminal's alternate screen, so the operator's scrollback is
// left as it was (ink would otherwise clear it). The normal screen comes back however the
// dashboard ends: q, Ctrl-C, SIGINT/SIGTERM from outside, or a crash.
// No JSX in this file: tsx puts a .tsx file's `react/jsx-runtime` import above all of its own, so
// React would load before the process settings below and pick its build from the wrong NODE_ENV.
import './dashboard-process-env.js';
import { render } from 'ink';
import { createElement } from 'react';
import type { EaService } from '../client/ea-service.js';
import { App } from './App.js';

const ENTER_ALTERNATE_SCREEN = '\x1b[?1049h';
const LEAVE_ALTERNATE_SCREEN = '\x1b[?1049l';

export interface DashboardOptions {
  /** Who the service signs as, for the header. */
  principal: string;
  refreshMs?: number;
  /** The terminal; tests pass fakes. */
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
}

/** Resolves when the operator quits or the process is asked to stop; rejects if the app crashed. */
export async function runDashboard(service: EaService, options: DashboardOptions): Promise<void> {
  const stdout = options.stdout ?? process.stdout;
  let onScreen = true;
  const leave = () => {
    if (!onScreen) return;
    onScreen = false;
    stdout.write(LEAVE_ALTERNATE_SCREEN);
  };
  stdout.write(ENTER_ALTERNATE_SCREEN);
  const instance = render(createElement(App, { service, principal: options.principal, refreshMs: options.refreshMs }), {
    stdout,
    stdin: options.stdin ?? process.stdin,
    exitOnCtrlC: true,
    // Console output would land in the middle of the frame; with a test's stdout it is not ours to patch.
    patchConsole: options.stdout === undefined,
    maxFps: 30,
    // Not ink 6.8's incrementalRendering: after a frame that ends in a newline (ours, kept at rows − 1)
    // it moves up one line too few, so every update lands a line low and the header scrolls away.
    // The full redraw goes out as one synchronized update, so it does not flicker either.
  });
  // A signal ends the dashboard like `q` does, so the caller can still stop what it started.
  const stop = () => instance.unmount();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // Before Node prints an uncaught error, so the message lands on the normal screen.
  process.on('uncaughtExceptionMonitor', leave);
  process.on('exit', leave);
  try {
    await instance.waitUntilExit();
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.off('uncaughtExceptionMonitor', leave);
    process.off('exit', leave);
    leave();
  }
}
