// `ea replace` against the real product (issue #16 item 12): all or nothing for the user, the new
// token's own parameters and PIN, and the user at the three-token limit.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { oathCodeAt } from '../../domain/oath.js';
import type { OathSpec } from '../../domain/types.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { operator, userWithToken } from '../support/scenario.js';

let product: ProductEnv;

beforeAll(async () => {
  product = await createProductEnv();
});
afterAll(async () => {
  await product?.teardown();
});

const hotp: OathSpec = {
  type: 'hotp',
  secretBase32: 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U',
  digits: 8,
  period: 30,
  algorithm: 'SHA256',
  counter: 7,
};
const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString();

it('leaves the user the old token when the new one cannot be assigned', async () => {
  const { userId, serial } = await userWithToken(product.service);
  const other = await userWithToken(product.service);
  // The new serial is someone else's token: its assignment is refused.
  const replacing = product.service.replace(
    serial,
    { newSerial: other.serial, oath: hotp, tokenExpiresAt: inDays(400) },
    operator,
  );
  await expect(replacing).rejects.toThrow();
  expect((await product.service.status(serial)).state).toBe('active');
  expect((await product.service.getUser(userId))?.serials).toEqual([serial]);
  expect((await product.service.getUser(other.userId))?.serials).toEqual([other.serial]);
});

it('assigns the new token with its own parameters and PIN, then retires the old one', async () => {
  const { userId, serial } = await userWithToken(product.service);
  const newSerial = `${serial}N`;
  const retired = await product.service.replace(
    serial,
    { newSerial, oath: hotp, tokenExpiresAt: inDays(400), pin: 'Rq55' },
    operator,
  );
  expect(retired).toMatchObject({ state: 'retired', replacedBy: newSerial });
  expect((await product.service.getUser(userId))?.serials).toEqual([newSerial]);
  const code = oathCodeAt(hotp, Date.now());
  await expect(product.service.authenticate(userId, `Rq55${code}`)).resolves.toMatchObject({
    accepted: true,
    serial: newSerial,
    method: 'token',
  });
});

it('replaces a token of a user who holds three', async () => {
  const { userId, serial } = await userWithToken(product.service);
  const more = [`${serial}B`, `${serial}C`];
  for (const extra of more)
    await product.service.addToken({ serial: extra, userId, oath: hotp, tokenExpiresAt: inDays(400) }, operator);
  await product.service.replace(serial, { newSerial: `${serial}N`, oath: hotp, tokenExpiresAt: inDays(400) }, operator);
  expect((await product.service.getUser(userId))?.serials.sort()).toEqual([...more, `${serial}N`].sort());
});
