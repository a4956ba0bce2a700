// Issue 16 item 7: attaching a serial to a user, sent as a holder of an admin key would send it
// (the real `temporal` CLI): the user workflow checks with the token that it is that user's, and
// audits the attachment or its refusal. An interrupted `token add` (attached, never assigned)
// therefore cannot leave a stray serial in a user's list.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AUDIT_FILE } from '../../activities/audit-sink.js';
import { userWorkflowId } from '../../contract/messages.js';
import type { AuditRecord } from '../../domain/types.js';
import { signRequest } from '../../trust/envelope.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { userWithToken } from '../support/scenario.js';
import { cliUpdate } from '../support/temporal-cli.js';

let product: ProductEnv;
beforeAll(async () => {
  product = await createProductEnv();
});
afterAll(async () => {
  await product?.teardown();
});

/** An admin-signed attachToken, sent with the temporal CLI. */
function attach(userId: string, serial: string, requestId: string) {
  const id = userWorkflowId(userId);
  const { privateKey, principal } = product.adminKey;
  const payload = { requestId, serial };
  return cliUpdate(
    product.namespace,
    id,
    'attachToken',
    signRequest(privateKey, principal, id, 'attachToken', payload, new Date().toISOString()),
  );
}

const sinkRecords = async (serial: string): Promise<AuditRecord[]> =>
  (await readFile(join(product.dataDir, AUDIT_FILE), 'utf8').catch(() => ''))
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditRecord)
    .filter((record) => record.serial === serial);

it("refuses to attach another user's token, and audits the refusal", async () => {
  const alice = await userWithToken(product.service);
  const bob = await userWithToken(product.service);
  expect((await attach(alice.userId, bob.serial, 'steal-1')).code).not.toBe(0);
  expect(await product.service.userSerials(alice.userId)).toEqual([alice.serial]);
  await expect
    .poll(() => sinkRecords(bob.serial))
    .toEqual(
      expect.arrayContaining([
        expect.objectContaining({ type: 'refused', user: alice.userId, actor: product.adminKey.principal }),
      ]),
    );
});

it('refuses a serial no token holds (what an interrupted token add attached first)', async () => {
  const alice = await userWithToken(product.service);
  expect((await attach(alice.userId, 'NEVER-ASSIGNED', 'half-1')).code).not.toBe(0);
  expect(await product.service.userSerials(alice.userId)).toEqual([alice.serial]);
});

it('audits every attachment token add makes', async () => {
  const alice = await userWithToken(product.service);
  await expect
    .poll(() => sinkRecords(alice.serial))
    .toEqual(expect.arrayContaining([expect.objectContaining({ type: 'token-attached', user: alice.userId })]));
});
