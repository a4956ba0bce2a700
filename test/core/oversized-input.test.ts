// Issue #16 item 11: what a caller sends is stored only within bounds. A rejection used to repeat
// an unknown field's name in full (one signal made a 200,000-character audit reason), so a dozen
// such signals grew the state past the payload limit and continue-as-new could not carry it.
// Sent the way an attacker would (the real `temporal` CLI, from a file), then the history is grown
// until the run's dev server suggests continuing as new (after 200 events).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tokenWorkflowId } from '../../contract/messages.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { PIN, operator, userWithToken } from '../support/scenario.js';
import { temporalCli } from '../support/temporal-cli.js';

let product: ProductEnv;
beforeAll(async () => {
  product = await createProductEnv();
});
afterAll(async () => {
  await product?.teardown();
});

const SIGNALS = 12;
const NAME_LENGTH = 200_000;

it('a dozen signals with 200,000-character field names: bounded reasons, and the run continues as new', async () => {
  const { service, client } = product;
  const { userId, serial } = await userWithToken(service);
  const handle = client.workflow.getHandle(tokenWorkflowId(serial));
  const firstRun = (await handle.describe()).runId;
  const folder = mkdtempSync(join(tmpdir(), 'ea-oversized-'));
  for (let i = 0; i < SIGNALS; i++) {
    const file = join(folder, `signal-${i}.json`);
    writeFileSync(file, JSON.stringify({ [`${i}`.padEnd(NAME_LENGTH, 'x')]: 1 }));
    const sent = await temporalCli(product.namespace, [
      'workflow',
      'signal',
      '--workflow-id',
      tokenWorkflowId(serial),
      '--name',
      'reportLost',
      '--input-file',
      file,
    ]);
    expect(sent.stderr).toBe('');
  }
  await expect
    .poll(async () => (await service.audit(serial)).filter((r) => r.type === 'input-rejected').length)
    .toBe(SIGNALS);
  for (const record of await service.audit(serial)) expect(JSON.stringify(record).length).toBeLessThan(2_000);

  // Grow the history past the dev server's 200-event suggestion.
  for (let i = 0; i < 40; i++) {
    await service.authenticate(userId, `${PIN}wrong${i}`, serial);
    if (i % 5 === 4) await service.action(serial, 'unlock', operator);
  }
  await expect.poll(async () => (await handle.describe()).runId, { timeout: 30_000 }).not.toBe(firstRun);
  expect((await handle.describe()).status.name).toBe('RUNNING');
  expect((await service.status(serial)).state).toBe('active');
  expect((await service.audit(serial)).filter((r) => r.type === 'input-rejected')).toHaveLength(SIGNALS);
});
