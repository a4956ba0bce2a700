// Issue 16 items 1 and 5, sent as a system principal would send them: its own key, a signed
// `reportLost` signal through the real `temporal` CLI, none of our client's checks. A running EA under
// deny keeps its reason and rule, and regenerations are rate-limited.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateKey, publicKeyText, type PrincipalKey } from '../../client/keys.js';
import { tokenWorkflowId } from '../../contract/messages.js';
import { DEFAULT_POLICY } from '../../domain/policy.js';
import { signRequest } from '../../trust/envelope.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { PIN, operator, tokenCode, userWithToken } from '../support/scenario.js';
import { cliSignal } from '../support/temporal-cli.js';

let product: ProductEnv;
let system: PrincipalKey;
beforeAll(async () => {
  product = await createProductEnv();
  system = generateKey('asset-mgmt');
  await product.service.addPrincipal(
    { name: system.principal, publicKey: publicKeyText(system), roles: ['system'] },
    operator,
  );
});
afterAll(async () => {
  await product?.teardown();
});

let requests = 0;
/** A `reportLost` signal signed by the system's key, sent with the temporal CLI. */
async function signalLost(serial: string, fields: Record<string, unknown>): Promise<void> {
  const payload = { requestId: `attack-${++requests}`, actor: system.principal, origin: 'system', ...fields };
  const id = tokenWorkflowId(serial);
  const signed = signRequest(system.privateKey, system.principal, id, 'reportLost', payload, new Date().toISOString());
  expect((await cliSignal(product.namespace, id, 'reportLost', signed)).code).toBe(0);
}

const typesOf = async (serial: string) => (await product.service.audit(serial)).map((r) => `${r.type}:${r.outcome}`);

it('a system cannot lift the deny rule by regenerating with the other reason (item 1)', async () => {
  const { userId, serial } = await userWithToken(product.service);
  await signalLost(serial, { reason: 'permanently-lost' });
  await expect.poll(async () => (await product.service.status(serial)).state).toBe('emergency');
  await signalLost(serial, { reason: 'temporarily-unavailable', regenerate: true });
  await expect
    .poll(async () => (await product.service.audit(serial)).filter((r) => r.outcome === 'refused').map((r) => r.reason))
    .toEqual([expect.stringMatching(/only an operator can change the reason/)]);
  expect(await product.service.status(serial)).toMatchObject({ state: 'emergency', reason: 'permanently-lost' });
  // The token's own code is still refused by the rule.
  expect(await product.service.authenticate(userId, `${PIN}${tokenCode()}`, serial)).toMatchObject({
    accepted: false,
  });
});

it('a system regenerates at most onDemand.rateLimitPerHour times an hour (item 5)', async () => {
  const { serial } = await userWithToken(product.service);
  await signalLost(serial, { reason: 'temporarily-unavailable' });
  const limit = DEFAULT_POLICY.onDemand.rateLimitPerHour;
  for (let i = 0; i <= limit; i++) await signalLost(serial, { regenerate: true });
  await expect
    .poll(async () => (await typesOf(serial)).filter((t) => /regenerated|refused/.test(t)).length)
    .toBe(limit + 1);
  const types = await typesOf(serial);
  expect(types.filter((t) => t === 'emergency-regenerated:ok')).toHaveLength(limit);
  const refused = (await product.service.audit(serial)).filter((r) => r.outcome === 'refused');
  expect(refused.map((r) => r.reason)).toEqual([expect.stringMatching(/^at most 5 regenerations per hour/)]);
});
