// The help-desk story end to end, through the real programs: `ea dashboard` in a real terminal
// (tmux) marks a token lost and shows the code once; the real `ea auth` accepts it. Both processes
// reach the run's dev server in this file's namespace, with the tests' encryption key, so they and
// the test's worker read each other's payloads.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { PIN, userWithToken } from '../support/scenario.js';
import { TEST_ENCRYPTION_KEY } from '../support/test-keys.js';
import { startTerminal, type Terminal } from '../support/tmux.js';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));

let product: ProductEnv;
let terminal: Terminal | undefined;

beforeAll(async () => {
  product = await createProductEnv();
});
afterAll(async () => {
  await terminal?.kill();
  await product?.teardown();
});

/**
 * What the `ea` processes run with: this file's server, namespace, data folder and key, nothing of
 * the caller's. Not vitest's NODE_ENV=test either: the dashboard runs on its default React build.
 */
function eaEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env))
    if (/^(TEMPORAL_|EA_)/.test(name) || name === 'TMUX' || name === 'NODE_ENV') delete env[name];
  return {
    ...env,
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_NAMESPACE: product.namespace,
    EA_DATA_DIR: product.dataDir,
    EA_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY,
  };
}

/** `ea auth` as a script runs it; a rejection is an exit code, not an error. */
async function eaAuth(user: string, passcode: string): Promise<{ code: number; result: unknown }> {
  const outcome = await run(process.execPath, ['bin/ea.js', 'auth', user, passcode, '--json'], {
    cwd: ROOT,
    env: eaEnv(),
  }).then(
    ({ stdout }) => ({ code: 0, stdout }),
    (error: { code?: number; stdout?: string }) => ({ code: error.code ?? -1, stdout: error.stdout ?? '' }),
  );
  return { code: outcome.code, result: JSON.parse(outcome.stdout) as unknown };
}

/** The one code in the codes box: its row is `║   1  ABCD-EFGH   ║`, grouped by dashes (by spaces if the code has a dash). */
function codeOnScreen(screen: string): string {
  const grouped = /║\s+1 {2}(.+?)\s*║/.exec(screen)?.[1];
  if (!grouped) throw new Error(`no code on the screen:\n${screen}`);
  return grouped.replaceAll(grouped.includes(' ') ? ' ' : '-', '');
}

describe('ea dashboard in a terminal', () => {
  it('marks a token lost with confirmation, shows the code once, and ea auth accepts it', async () => {
    const { userId, serial } = await userWithToken(product.service);
    await userWithToken(product.service); // someone else's token, so the operator has to pick
    terminal = await startTerminal([process.execPath, 'bin/ea.js', 'dashboard'], { env: eaEnv(), cwd: ROOT });
    const t = terminal;

    // Every key waits for its effect before the next goes: keys that reach the dashboard in one
    // read arrive as one string (a paste), which only a text field takes.
    const key = async (send: () => Promise<void>, done: (screen: string) => boolean, what: string) => {
      await send();
      return t.waitFor(done, what);
    };
    const detail = (state: string) => (s: string) => new RegExp(`${serial} user ${userId} state ${state}`).test(s);

    // Both tokens listed (visibility catches up within a refresh or two).
    await t.waitFor((s) => s.includes('2/2 tokens'), 'both tokens in the list', 60_000);
    await key(
      () => t.type('/'),
      (s) => s.includes('/▏'),
      'the search field',
    );
    await key(
      () => t.type(serial),
      (s) => s.includes(`/${serial}▏ · 1/2 tokens`),
      `the search for ${serial}`,
    );
    await key(
      () => t.press('Enter'),
      (s) => s.includes(`/${serial} · 1/2 tokens`),
      'the search kept',
    );
    await key(() => t.press('Enter'), detail('active'), `the detail of ${serial}`);

    await key(
      () => t.type('a'),
      (s) => s.includes(`Actions for ${serial}`) && s.includes('› Mark lost'),
      'the action menu on Mark lost',
    );
    await key(
      () => t.press('Enter'),
      (s) => s.includes(`Mark lost — ${serial}`),
      'the Mark lost form',
    );
    // Reason: temporarily unavailable; kind: one temporary fixed code; delivery stays "display".
    await key(
      () => t.press('Right'),
      (s) => s.includes('‹ temporarily-unavailable ›'),
      'the reason chosen',
    );
    await key(
      () => t.press('Down'),
      (s) => s.includes('‹ policy default ›'),
      'the kind field',
    );
    await key(
      () => t.press('Right'),
      (s) => s.includes('‹ temporary-fixed ›'),
      'the kind chosen',
    );
    await key(
      () => t.press('Enter'),
      (s) => s.includes(`Confirm: Mark lost — ${serial}?`),
      'the confirmation',
    );
    const shown = await key(
      () => t.press('Enter'),
      (s) => s.includes('Read this code to the user now'),
      'the code box',
    );
    const code = codeOnScreen(shown);

    const auth = await eaAuth(userId, PIN + code);
    expect(auth).toMatchObject({ code: 0, result: { accepted: true, serial, method: 'temporary-fixed' } });

    // Read out: Enter closes the box and the code is gone for good.
    const after = await key(() => t.press('Enter'), detail('emergency'), 'the token in emergency access');
    expect(after.replaceAll('-', '')).not.toContain(code);

    // q ends the program (the server connection gets a short grace to close).
    await t.type('q');
    expect(await t.waitForExit()).toEqual({ code: 0, signal: null });
  });
});
