// Issue 16 item 6, as someone probing for users would: the real `ea auth` against the real server.
// An unknown user, a wrong passcode, a locked or disabled token and a token named with someone
// else's user id all get the same output, exit code and time class.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateKey, keyPathIn, publicKeyText, writeKeyFile } from '../../client/keys.js';
import { REJECT_FLOOR_MS } from '../../client/authenticate-by-user.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { eaEnvironment, runEa } from '../support/ea-in-process.js';
import { PIN, operator, tokenCode, userWithToken } from '../support/scenario.js';

let product: ProductEnv;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  product = await createProductEnv();
  const key = generateKey('gateway');
  await product.service.addPrincipal(
    { name: key.principal, publicKey: publicKeyText(key), roles: ['authenticator'] },
    operator,
  );
  writeKeyFile(keyPathIn(product.dataDir, key.principal), key);
  env = eaEnvironment(product, keyPathIn(product.dataDir, key.principal));
});
afterAll(async () => {
  await product?.teardown();
});

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

it('answers an unknown user exactly like a wrong passcode: output, exit code and time class', async () => {
  const plain = await userWithToken(product.service);
  const locked = await userWithToken(product.service);
  const policy = await product.service.policy();
  for (let i = 0; i < policy.lockout.maxFailures; i++)
    await product.service.authenticate(locked.userId, `${PIN}00000${i}`, locked.serial);
  expect((await product.service.status(locked.serial)).locked).toBe(true);
  const disabled = await userWithToken(product.service);
  await product.service.action(disabled.serial, 'disable', operator);

  const probes: Record<string, string[]> = {
    'unknown user': ['auth', 'nobody-at-all', `${PIN}000000`],
    'wrong passcode': ['auth', plain.userId, `${PIN}000000`],
    'locked token, right passcode': ['auth', locked.userId, PIN + tokenCode()],
    'disabled token, right passcode': ['auth', disabled.userId, PIN + tokenCode()],
    "another user's token named": ['auth', 'nobody-at-all', PIN + tokenCode(), '--serial', plain.serial],
    'unknown token named': ['auth', plain.userId, `${PIN}000000`, '--serial', 'NO-SUCH-TOKEN'],
  };
  const times: Record<string, number[]> = {};
  for (const [probe, argv] of Object.entries(probes)) {
    const human = await runEa(env, argv);
    expect({ probe, code: human.code, stdout: human.stdout }).toEqual({ probe, code: 1, stdout: 'Rejected.\n' });
    times[probe] = [];
    for (let i = 0; i < 3; i++) {
      const started = performance.now();
      const json = await runEa(env, [...argv, '--json']);
      times[probe].push(performance.now() - started);
      expect({ probe, code: json.code, stdout: json.stdout }).toEqual({
        probe,
        code: 1,
        stdout: '{"accepted":false,"serial":null,"method":null,"reason":"rejected"}\n',
      });
    }
  }
  // One time class: none answers before the floor, and their medians lie within one floor.
  const medians = Object.values(times).map(median);
  expect(Math.min(...Object.values(times).flat())).toBeGreaterThanOrEqual(REJECT_FLOOR_MS - 5);
  expect(Math.max(...medians) - Math.min(...medians)).toBeLessThan(REJECT_FLOOR_MS);
});
