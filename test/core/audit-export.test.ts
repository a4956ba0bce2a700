// Spec §6: every audit record a token workflow makes reaches the SIEM file (`audit.jsonl` in the
// data folder) through the worker's sink, and no secret does.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { AUDIT_FILE } from '../../activities/audit-sink.js';
import type { AuditRecord } from '../../domain/types.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { PIN, operator, userWithToken } from '../support/scenario.js';

let product: ProductEnv;
beforeAll(async () => {
  product = await createProductEnv();
});
afterAll(async () => {
  await product?.teardown();
});

async function exported(serial: string): Promise<AuditRecord[]> {
  const text = await readFile(join(product.dataDir, AUDIT_FILE), 'utf8').catch(() => '');
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as AuditRecord)
    .filter((record) => record.serial === serial);
}

it('exports each record of the workflow audit once, in order, without the codes or the PIN', async () => {
  const { userId, serial } = await userWithToken(product.service);
  const lost = await product.service.lost(
    serial,
    { reason: 'temporarily-unavailable', kind: 'one-time-set', count: 2, delivery: 'display' },
    operator,
  );
  await product.service.authenticate(userId, PIN + lost.codes[0]);
  await product.service.authenticate(userId, PIN + '00000000');
  await product.service.action(serial, 'clear', operator);

  // The started and ended notices are delivered after the updates answer: wait for both.
  const delivered = async () =>
    (await product.service.audit(serial)).filter((r) => r.type === 'message-delivered').length;
  await expect.poll(delivered, { timeout: 10_000 }).toBe(2);
  const audit = await product.service.audit(serial);
  expect(audit.map((r) => r.type)).toEqual(
    expect.arrayContaining(['emergency-started', 'auth-accepted', 'auth-rejected', 'emergency-ended']),
  );
  // The user workflow exports the attachment in the token's name; the rest is the token's own trail.
  const ownTrail = async () => (await exported(serial)).filter((r) => r.type !== 'token-attached');
  await expect
    .poll(async () => (await ownTrail()).map((r) => r.id), { timeout: 10_000 })
    .toEqual(audit.map((r) => r.id));
  expect(await ownTrail()).toEqual(audit);
  expect((await exported(serial)).filter((r) => r.type === 'token-attached')).toHaveLength(1);
  const text = JSON.stringify(await exported(serial));
  for (const secret of [...lost.codes, PIN]) expect(text).not.toContain(secret);
});
