// Issue #18 item 4, the CLI against the real dev server and worker: `ea policy set` and `ea principal
// add|revoke` answer once every workflow was told, with progress on a terminal's stderr and stdout
// still one JSON document, or with --no-wait once the change is committed. Once `principal revoke`
// answered, a token refuses what the revoked key signs.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { keyFileSigner } from '../../client/signer.js';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import { eaEnvironment, runEa } from '../support/ea-in-process.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { PIN, operator, userWithToken } from '../support/scenario.js';

let product: ProductEnv;
let env: NodeJS.ProcessEnv;
let serial: string;
beforeAll(async () => {
  product = await createProductEnv();
  env = eaEnvironment(product);
  serial = (await userWithToken(product.service)).serial;
}, 60_000);
afterAll(async () => {
  await product?.teardown();
});

it('policy set answers once every token has it, showing progress on a terminal only', async () => {
  const set = await runEa(env, ['policy', 'set', 'tokenCode.setSize=11', '--json'], true);
  expect(set.code).toBe(0);
  const { version } = set.json();
  expect(set.json()).toMatchObject({ tokenCode: { setSize: 11 }, broadcast: 'done' });
  expect(set.stderr).toMatch(/Telling workflows of version \d+: \d+ of \d+/);
  expect(await product.service.broadcastProgress('ea-policy')).toMatchObject({ version, state: 'done', failed: 0 });
  expect((await product.service.status(serial)).policyVersion).toBe(version);

  const quiet = await runEa(env, ['policy', 'set', 'tokenCode.setSize=12']);
  expect(quiet.stderr).toBe('');
  const noWait = await runEa(env, ['policy', 'set', 'tokenCode.setSize=10', '--no-wait']);
  expect(noWait.code).toBe(0);
  expect(noWait.stdout).toMatch(/Tokens are being told of it/);
}, 60_000);

it('principal revoke answers once every token knows: the revoked key is then refused', async () => {
  const add = await runEa(env, ['principal', 'add', 'desk', '--role', 'helpdesk', '--no-wait', '--json']);
  expect(add.code).toBe(0);
  expect(add.json()).toMatchObject({ name: 'desk', state: 'active', broadcast: 'continuing' });
  const desk = new TemporalEaService(product.client, product.dataDir, keyFileSigner(add.json().keyFile));
  await desk.setPin(serial, PIN, operator);

  const revoke = await runEa(env, ['principal', 'revoke', 'desk', '--json']);
  expect(revoke.code).toBe(0);
  expect(revoke.json()).toMatchObject({ name: 'desk', state: 'revoked', broadcast: 'done' });
  await expect(desk.setPin(serial, PIN, operator)).rejects.toMatchObject({ code: 'refused' });
  expect((await runEa(env, ['principal', 'revoke', 'desk', '--no-wait'])).code).toBe(1); // already revoked
}, 60_000);
