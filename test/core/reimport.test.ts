// Issue #16 item 13: a file imported again after `unassign` or `replace` names the retired serial
// with its old user; the import must not give the user that token back (not even in the user's
// list of serials, which authentication by user tries).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EaError, type NewToken } from '../../client/ea-service.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { SEED, operator, totp, userWithToken } from '../support/scenario.js';
import { replacementOath } from '../../client/replacement-oath.js';

let product: ProductEnv;
beforeAll(async () => {
  product = await createProductEnv();
});
afterAll(async () => {
  await product?.teardown();
});

/** The row the file holds for the token, as the import sends it. */
async function rowOf(serial: string, userId: string): Promise<NewToken> {
  const status = await product.service.status(serial);
  return { serial, userId, oath: totp, tokenExpiresAt: status.tokenExpiresAt, pin: 'Pw4711' };
}

it('after unassign: the re-imported row is refused and the user does not get the serial back', async () => {
  const { userId, serial } = await userWithToken(product.service);
  const row = await rowOf(serial, userId);
  await product.service.action(serial, 'unassign', operator);
  expect((await product.service.getUser(userId))?.serials).toEqual([]);
  const again = await product.service.addToken(row, operator).catch((error: unknown) => error);
  expect(again).toBeInstanceOf(EaError);
  expect((again as EaError).message).toMatch(/retired/);
  expect((await product.service.getUser(userId))?.serials).toEqual([]);
  expect((await product.service.status(serial)).state).toBe('retired');
});

it('after replace: the re-imported old row leaves the user with the new token only', async () => {
  const { userId, serial } = await userWithToken(product.service);
  const row = await rowOf(serial, userId);
  const newSerial = `${serial}-R`;
  await product.service.replace(
    serial,
    { newSerial, oath: replacementOath(SEED), tokenExpiresAt: row.tokenExpiresAt },
    operator,
  );
  expect((await product.service.getUser(userId))?.serials).toEqual([newSerial]);
  await expect(product.service.addToken(row, operator)).rejects.toThrow(/retired/);
  expect((await product.service.getUser(userId))?.serials).toEqual([newSerial]);
});
