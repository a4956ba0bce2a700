// Every state-changing message the clients send is signed (spec §5): TemporalEaService and the
// system-reports module, watched from a client interceptor while a scenario sends each message of
// the role table. Each argument must carry an envelope that verifies under the signer's public key
// for the workflow id and message name it was sent with, and name the signer as its actor.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import { EaError } from '../../client/ea-service.js';
import { reportFound, reportLost } from '../../client/system-reports.js';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import { generateKey, publicKeyText } from '../../client/keys.js';
import { publicKeyOf, verifySignature } from '../../trust/envelope.js';
import { SIGNED_MESSAGES } from '../../trust/roles.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { PIN, SEED, operator, userWithToken } from '../support/scenario.js';
import { testDataConverter } from '../support/temporal.js';

interface Sent {
  kind: 'update' | 'signal';
  workflowId: string;
  name: string;
  argument: unknown;
}

let product: ProductEnv;
let service: TemporalEaService;
let watched: Client;
const sent: Sent[] = [];

const recorder: WorkflowClientInterceptor = {
  startUpdate: (input, next) => {
    sent.push({
      kind: 'update',
      workflowId: input.workflowExecution.workflowId,
      name: input.updateName,
      argument: input.args[0],
    });
    return next(input);
  },
  startUpdateWithStart: (input, next) => {
    sent.push({
      kind: 'update',
      workflowId: input.workflowStartOptions.workflowId,
      name: input.updateName,
      argument: input.updateArgs[0],
    });
    return next(input);
  },
  signal: (input, next) => {
    sent.push({
      kind: 'signal',
      workflowId: input.workflowExecution.workflowId,
      name: input.signalName,
      argument: input.args[0],
    });
    return next(input);
  },
};

beforeAll(async () => {
  product = await createProductEnv();
  watched = new Client({
    connection: product.client.connection,
    namespace: product.namespace,
    dataConverter: testDataConverter(),
    interceptors: { workflow: [recorder] },
  });
  service = new TemporalEaService(watched, product.dataDir, product.signer);
});
afterAll(async () => {
  await product?.teardown();
});

/** A call the workflow may refuse: what matters here is what was sent. */
const sending = (call: Promise<unknown>) =>
  call.catch((error: unknown) => {
    if (!(error instanceof EaError) || error.code === 'unavailable') throw error;
  });

it('signs every update and signal it sends, for the workflow and message it is sent to', async () => {
  const { userId, serial } = await userWithToken(service, { onDemand: 'email' });
  await service.setPin(serial, PIN, operator);
  await service.authenticate(userId, PIN + '000000');
  await service.authenticate(userId, PIN + '000000', serial);
  await service.lost(serial, { reason: 'permanently-lost', kind: 'on-demand' }, operator);
  await sending(service.requestOnDemand(serial, operator));
  await service.extend(serial, { lifetimeMs: 2 * 86_400_000 }, operator);
  await sending(service.requestReplacement(serial, operator));
  await service.action(serial, 'found', operator);
  await service.lost(serial, { reason: 'temporarily-unavailable' }, operator);
  await service.action(serial, 'clear', operator);
  for (const action of ['disable', 'enable', 'unlock'] as const) await service.action(serial, action, operator);
  await service.setPolicy({ 'tokenCode.setSize': '6' }, operator);
  const replacement = `${serial}-R`;
  await service.replace(
    serial,
    {
      newSerial: replacement,
      secretBase32: SEED,
      tokenExpiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString(),
    },
    operator,
  );
  await service.action(replacement, 'unassign', operator);
  const other = await userWithToken(service);
  await reportLost(watched, product.signer, other.serial, {
    requestId: `sys-${other.serial}`,
    reason: 'temporarily-unavailable',
    origin: 'system',
  });
  await reportFound(watched, product.signer, other.serial, { requestId: `sys2-${other.serial}`, origin: 'system' });
  const helper = generateKey('signed-requests-helper');
  await service.addPrincipal(
    { name: helper.principal, publicKey: publicKeyText(helper), roles: ['auditor'] },
    operator,
  );
  await service.revokePrincipal(helper.principal, operator);

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
