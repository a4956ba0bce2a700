// `ea incident …` against the real dev server and worker, as an operator's script runs it: one JSON
// document per command under --json, exit codes as spec §8 says.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { bootstrapIncidentReporter, INCIDENT_PRINCIPAL } from '../../client/bootstrap.js';
import { keyPathIn } from '../../client/keys.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { userWithToken } from '../support/scenario.js';
import { eaEnvironment, runEa } from '../support/ea-in-process.js';

let product: ProductEnv;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  product = await createProductEnv();
  // TEMPORAL_ADDRESS is set, so `ea` treats this as a cluster: the reporter is registered up front.
  await bootstrapIncidentReporter(product.service, keyPathIn(product.dataDir, INCIDENT_PRINCIPAL));
  env = eaEnvironment(product);
});
afterAll(async () => {
  await product?.teardown();
});

const ea = (...argv: string[]) => runEa(env, argv);

it('starts an incident from a serials file and follows it to completed', async () => {
  const tokens = [await userWithToken(product.service), await userWithToken(product.service)];
  const file = join(product.dataDir, 'bag.txt');
  writeFileSync(file, `# the stolen bag\n${tokens.map((t) => t.serial).join('\n')}\n\n`);

  const started = await ea(
    'incident',
    'start',
    '--serials',
    file,
    '--reason',
    'permanently-lost',
    '--request-id',
    'cli-1',
    '--json',
  );
  expect(started.code, started.stderr).toBe(0);
  expect(started.json()).toMatchObject({ id: 'cli-1', total: 2 });

  await expect
    .poll(async () => (await ea('incident', 'status', 'cli-1', '--json')).json().state, { timeout: 30_000 })
    .toBe('completed');
  const status = await ea('incident', 'status', 'cli-1', '--json');
  expect(status.code).toBe(0);
  expect(status.json()).toMatchObject({ id: 'cli-1', state: 'completed', total: 2, done: 2, failed: 0 });

  const human = await ea('incident', 'status', 'cli-1');
  expect(human.stdout).toMatch(/Incident cli-1: completed, 2 done, 0 failed of 2/);

  const late = await ea('incident', 'pause', 'cli-1', '--json');
  expect(late.code).toBe(1);
  expect(late.json().error.code).toBe('refused');
});

it('says what is wrong with a start or an id (exit 2)', async () => {
  const none = await ea('incident', 'start', '--reason', 'permanently-lost', '--json');
  expect(none.code).toBe(2);
  const two = await ea('incident', 'start', '--state', 'active', '--user-prefix', 'u', '--reason', 'permanently-lost');
  expect(two.code).toBe(2);
  const badFile = join(product.dataDir, 'bad.txt');
  writeFileSync(badFile, 'T1\nnot a serial!\n');
  const bad = await ea('incident', 'start', '--serials', badFile, '--reason', 'permanently-lost', '--json');
  expect(bad.code).toBe(2);
  expect(bad.json().error.message).toMatch(/line 2/);
  expect((await ea('incident', 'status', 'no-such-incident', '--json')).code).toBe(2);
});
