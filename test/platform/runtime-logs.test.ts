// Issue #16 item 23: `--json` promises one JSON document on stdout, so the SDK core's own log lines
// (here its warning that the time-skipping server lacks a capability, as in `npm run bench`)
// must go to stderr.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const child = fileURLToPath(new URL('../support/core-log-child.ts', import.meta.url));

describe('the SDK runtime as the product installs it', () => {
  it("sends the core's log lines to stderr, never stdout", async () => {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, ['--import', 'tsx', child], {
      timeout: 60_000,
    });
    expect(stderr).toMatch(/\[WARN\].*heartbeat details/);
    expect(stdout).toBe('');
  });
});
