// Issue #16 item 21: free text that reaches an operator's terminal (names, actors, reasons — here
// a field name a caller made up, repeated in the rejection the audit records) must not carry
// control characters: an escape sequence can retitle the terminal, wipe the screen or forge lines.
// Sent the way an attacker would, with the real `temporal` CLI; read with `ea audit` as an
// operator would. --json keeps the text as it is (JSON escapes it).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { tokenWorkflowId } from '../../contract/messages.js';
import { eaEnvironment, runEa } from '../support/ea-in-process.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { userWithToken } from '../support/scenario.js';
import { cliSignal } from '../support/temporal-cli.js';

let product: ProductEnv;
beforeAll(async () => {
  product = await createProductEnv();
});
afterAll(async () => {
  await product?.teardown();
});

const HOSTILE = '\u001b]0;owned\u0007\u001b[2J\rforged line\n\u009b1m';

it('ea audit shows a hostile field name with its control characters made visible', async () => {
  const { serial } = await userWithToken(product.service);
  const sent = await cliSignal(product.namespace, tokenWorkflowId(serial), 'reportLost', { [HOSTILE]: 1 });
  expect(sent.code).toBe(0);
  await expect
    .poll(async () => (await product.service.audit(serial)).some((r) => r.type === 'input-rejected'))
    .toBe(true);
  const env = eaEnvironment(product);
  const human = await runEa(env, ['audit', serial]);
  expect(human.code).toBe(0);
  expect(human.stdout).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
  expect(human.stdout).toContain('\\x1b]0;owned\\x07\\x1b[2J\\rforged line\\n\\x9b1m');
  const json = await runEa(env, ['audit', serial, '--json']);
  expect(json.lines().some((r) => JSON.stringify(r).includes(JSON.stringify(HOSTILE).slice(1, -1)))).toBe(true);
});
