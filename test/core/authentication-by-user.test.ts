// Authentication by user and by named token against the real product: the serials read from the
// user workflow, stale client hints, and answers that do not enumerate users.
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { EaError } from '../../client/ea-service.js';
import { serialsFromMemo } from '../../client/serials-memo.js';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import { userWorkflowId } from '../../contract/messages.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { PIN, operator, tokenCode, totp, userWithToken } from '../support/scenario.js';

let product: ProductEnv;

beforeAll(async () => {
  product = await createProductEnv();
});
afterAll(async () => {
  await product?.teardown();
});

const refusal = (promise: Promise<unknown>) => expect(promise).rejects.toBeInstanceOf(EaError);
const codeOf = async (promise: Promise<unknown>) => ((await promise.catch((e) => e)) as EaError).code;

it("asks a named token directly, which rejects another user's passcode without counting or auditing it", async () => {
  const { userId, serial } = await userWithToken(product.service);
  const other = await userWithToken(product.service);
  const rejected = { accepted: false, serial: null, method: null, reason: 'rejected' };
  const before = await product.service.audit(serial);
  await expect(product.service.authenticate(other.userId, PIN + tokenCode(), serial)).resolves.toEqual(rejected);
  await expect(product.service.authenticate(userId, PIN + tokenCode(), 'NO-SUCH-SERIAL')).resolves.toEqual(rejected);
  expect(await product.service.audit(serial)).toEqual(before);
  expect((await product.service.status(serial)).failures).toBe(0);
  await expect(product.service.authenticate(userId, PIN + tokenCode(), serial)).resolves.toMatchObject({
    accepted: true,
    serial,
    method: 'token',
  });
});

it("keeps the user's serials in the user workflow's memo, which authentication by user reads", async () => {
  const { userId, serial } = await userWithToken(product.service);
  const memo = async () =>
    serialsFromMemo((await product.client.workflow.getHandle(userWorkflowId(userId)).describe()).memo);
  expect(await memo()).toEqual([serial]);
  await expect(product.service.authenticate(userId, PIN + tokenCode())).resolves.toMatchObject({
    accepted: true,
    serial,
  });
  await product.service.action(serial, 'unassign', operator);
  await vi.waitFor(async () => expect(await memo()).toEqual([]));
  await expect(product.service.authenticate(userId, PIN + tokenCode())).resolves.toMatchObject({
    accepted: false,
    serial: null,
  });
});

it('finds the token the user has now when a client remembers one the user no longer has', async () => {
  const { userId, serial: first } = await userWithToken(product.service);
  // A second client, as an authentication front end would be: it learns the user's serials from its own reads.
  const frontEnd = new TemporalEaService(product.client, product.dataDir, product.signer);
  await expect(frontEnd.authenticate(userId, PIN + tokenCode())).resolves.toMatchObject({
    accepted: true,
    serial: first,
  });
  await product.service.action(first, 'unassign', operator);
  const second = `${first}-2`;
  await product.service.addToken(
    {
      serial: second,
      userId,
      oath: totp,
      tokenExpiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString(),
      pin: PIN,
    },
    operator,
  );
  await expect(frontEnd.authenticate(userId, PIN + tokenCode())).resolves.toMatchObject({
    accepted: true,
    serial: second,
  });
  // The remembered token was asked first, and rejected as retired without counting a failure.
  expect((await product.service.audit(first)).filter((r) => r.type === 'auth-rejected').map((r) => r.reason)).toEqual([
    'token-retired',
  ]);
  expect((await product.service.status(first)).failures).toBe(0);
});

it('answers an unknown user exactly like a wrong passcode', async () => {
  await expect(product.service.authenticate('nobody-here', '12345678')).resolves.toEqual({
    accepted: false,
    serial: null,
    method: null,
    reason: 'rejected',
  });
});

it('says which serial is unknown', async () => {
  expect(await codeOf(product.service.status('NO-SUCH-SERIAL'))).toBe('not-found');
  await refusal(product.service.lost('NO-SUCH-SERIAL', { reason: 'permanently-lost' }, operator));
});
