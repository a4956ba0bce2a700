// Issue 16 item 8: a user with two tokens who logs in with one must not count failures on the other
// (until it locks and the user is told it was locked). And the message that settles an attempt is
// not believed: sent with the real `temporal` CLI by an authenticator claiming an acceptance that
// never happened, it drops nothing.
import { sealedPasscodeOf } from '../../client/outgoing-secrets.js';
import { loadWorkerKeyRing } from '../../worker/codec/worker-key.js';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateKey, publicKeyText } from '../../client/keys.js';
import { tokenWorkflowId } from '../../contract/messages.js';
import { signRequest } from '../../trust/envelope.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { PIN, operator, totp, userWithToken } from '../support/scenario.js';
import { cliUpdate } from '../support/temporal-cli.js';

let product: ProductEnv;
beforeAll(async () => {
  product = await createProductEnv();
  await product.service.setPolicy({ 'lockout.maxFailures': '3' }, operator);
});
afterAll(async () => {
  await product?.teardown();
});

/** A second token with a seed of its own: its codes never fit the first. */
const second = { ...totp, secretBase32: 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP' };

async function userWithTwoTokens() {
  const { userId, serial } = await userWithToken(product.service);
  const other = `${serial}-B`;
  await product.service.addToken(
    {
      serial: other,
      userId,
      oath: second,
      tokenExpiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString(),
      pin: PIN,
    },
    operator,
  );
  expect(await product.service.userSerials(userId)).toEqual([serial, other]);
  return { userId, first: serial, other };
}

it('logging in with the second token, again and again, never locks the first', async () => {
  const { userId, first, other } = await userWithTwoTokens();
  // The second token in emergency access with one-time codes: each login uses a fresh one.
  const { codes } = await product.service.lost(
    other,
    { reason: 'temporarily-unavailable', kind: 'one-time-set', count: 4 },
    operator,
  );
  for (const code of codes)
    await expect(product.service.authenticate(userId, PIN + code)).resolves.toMatchObject({
      accepted: true,
      serial: other,
    });
  expect(await product.service.status(first)).toMatchObject({ locked: false, failures: 0 });
  const types = (await product.service.audit(first)).map((r) => r.type);
  expect(types).not.toContain('token-locked');
  expect(types.filter((t) => t === 'auth-failure-cleared')).toHaveLength(4);
  // Failed logins still count on both, and lock at maxFailures.
  for (let i = 0; i < 3; i++) await product.service.authenticate(userId, `${PIN}00000${i}`);
  expect(await product.service.status(first)).toMatchObject({ locked: true });
  expect(await product.service.status(other)).toMatchObject({ locked: true });
});

it('drops no failure on a forged settlement: the acceptance it claims is checked on the token that claims it', async () => {
  const { first, other } = await userWithTwoTokens();
  const gateway = generateKey('rogue-gateway');
  await product.service.addPrincipal(
    { name: gateway.principal, publicKey: publicKeyText(gateway), roles: ['authenticator'] },
    operator,
  );
  const id = tokenWorkflowId(first);
  const send = (message: string, payload: Record<string, unknown>) =>
    cliUpdate(
      product.namespace,
      id,
      message,
      signRequest(gateway.privateKey, gateway.principal, id, message, payload, new Date().toISOString()),
    );
  await send('authenticate', {
    requestId: 'a-1',
    sealedPasscode: sealedPasscodeOf(`${PIN}000000`, loadWorkerKeyRing({}, product.dataDir).current.publicKey),
    actor: gateway.principal,
    attempt: 'guess-1',
  });
  await send('settleAttempt', { requestId: 's-1', attempt: 'guess-1', acceptedOn: other, actor: gateway.principal });
  const audit = await product.service.audit(first);
  expect(audit.map((r) => r.type)).toEqual(expect.arrayContaining(['auth-rejected']));
  expect(audit.map((r) => r.type)).not.toContain('auth-failure-cleared');
  expect((await product.service.status(first)).failures).toBe(1);
});
