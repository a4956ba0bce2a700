// Every state-changing message the clients send is signed (spec §5): TemporalEaService and the
// system-reports module, watched from a client interceptor while a scenario sends each message of
// the role table. Each argument must carry an envelope that verifies under the signer's public key
// for the workflow id and message name it was sent with, and name the signer as its actor.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { publicKeyOf, verifySignature } from '../../trust/envelope.js';
import { SIGNED_MESSAGES } from '../../trust/roles.js';
import { recordingClient, sendEveryMessage } from '../support/every-message.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';

let product: ProductEnv;
beforeAll(async () => {
  product = await createProductEnv();
});
afterAll(async () => {
  await product?.teardown();
});

it('signs every update and signal it sends, for the workflow and message it is sent to', async () => {
  const { client, sent } = recordingClient(product);
  await sendEveryMessage(product, client, product.signer);

  const names = new Set(sent.map((s) => s.name));
  expect([...SIGNED_MESSAGES].filter((message) => !names.has(message))).toEqual([]);
  const publicKey = publicKeyOf(product.adminKey.privateKey);
  const unsigned = sent.filter((s) => !verifySignature(publicKey, s.workflowId, s.name, s.argument));
  expect(unsigned).toEqual([]);
  for (const s of sent) {
    const argument = s.argument as { actor?: unknown; envelope: { principal: string } };
    expect(argument.envelope.principal, s.name).toBe('admin');
    if ('actor' in argument) expect(argument.actor, s.name).toBe('admin');
  }
  // The same message to another workflow, or under another name, does not verify.
  const one = sent.find((s) => s.name === 'lost')!;
  expect(verifySignature(publicKey, 'token-elsewhere', 'lost', one.argument)).toBe(false);
  expect(verifySignature(publicKey, one.workflowId, 'found', one.argument)).toBe(false);
});
