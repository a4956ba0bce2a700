// Issue #6 §3: the dashboard with N tokens, in a child process (see dashboard-process.ts).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { DashboardReport } from './dashboard-protocol.js';
import { log } from './log.js';

const entry = fileURLToPath(new URL('./dashboard-process.ts', import.meta.url));

export function runDashboard(tokens: number): Promise<DashboardReport> {
  log(`dashboard: ${tokens} tokens`);
  return new Promise((resolve, reject) => {
    let report: DashboardReport | null = null;
    const child = fork(entry, [String(tokens)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 2, 2, 'ipc'] });
    child.on('message', (message: DashboardReport) => (report = message));
    child.once('error', reject);
    child.once('exit', (code) =>
      report ? resolve(report) : reject(new Error(`the dashboard process exited with code ${code} without a report`)),
    );
  });
}
