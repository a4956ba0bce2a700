// What a careless or hostile caller sends, against the real product on a real dev server: malformed
// updates and signals never wedge a workflow, and no code, PIN or seed reaches the raw history.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { inject } from 'vitest';
import { POLICY_WORKFLOW_ID, tokenWorkflowId, userWorkflowId } from '../../contract/messages.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { PIN, SEED, operator, tokenCode, userWithToken } from '../support/scenario.js';

const { temporal } = proto;

let product: ProductEnv;

beforeAll(async () => {
  product = await createProductEnv();
});
afterAll(async () => {
  await product?.teardown();
});

it('rejects bad updates with a clear message and records bad signals, never wedging the workflow', async () => {
  const { userId, serial } = await userWithToken(product.service);
  const handle = product.client.workflow.getHandle(tokenWorkflowId(serial));
  // Wrong types, unknown fields, absurd values: sent past the typed client.
  await handle.signal('reportLost', { requestId: 1, reason: 'stolen-by-aliens' });
  await handle.signal('reportLost', {
    requestId: 'x',
    reason: 'permanently-lost',
    origin: 'system',
    actor: 'a',
    extra: true,
  });
  await handle.signal('reportFound', 'not even an object');
  const enc = (s: string) => new TextEncoder().encode(s);
  await product.client.connection.workflowService.signalWorkflowExecution({
    namespace: product.namespace,
    workflowExecution: { workflowId: tokenWorkflowId(serial) },
    signalName: 'reportLost',
    input: { payloads: [{ metadata: { encoding: enc('json/plain') }, data: enc('{"requestId":') }] },
  });
  await expect
    .poll(async () => (await product.service.audit(serial)).filter((r) => r.type === 'input-rejected').length)
    .toBe(4);
  expect((await product.service.status(serial)).state).toBe('active');
  await expect(
    handle.executeUpdate('lost', {
      args: [{ requestId: 'u', reason: 'permanently-lost', origin: 'operator', actor: 'a', count: 10_000 }],
    }),
  ).rejects.toThrow();
  await expect(handle.executeUpdate('authenticate', { args: [{ passcode: 5 }] })).rejects.toThrow();
  const { events } = await handle.fetchHistory();
  expect(
    (events ?? []).some((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED),
  ).toBe(false);
  await expect(product.service.authenticate(userId, PIN + tokenCode())).resolves.toMatchObject({ accepted: true });
});

it('leaves the user and policy workflows running on garbage signals and updates', async () => {
  const { userId, serial } = await userWithToken(product.service);
  const user = product.client.workflow.getHandle(userWorkflowId(userId));
  const policy = product.client.workflow.getHandle(POLICY_WORKFLOW_ID);
  await user.signal('detachToken', { serial: 42 });
  await user.signal('detachToken', 'T-not-an-object');
  await policy.signal('policyChanged', { lockout: 'yes' });
  await expect(user.executeUpdate('putUser', { args: [{ user: { id: '' } }] })).rejects.toThrow();
  await expect(user.executeUpdate('attachToken', { args: [null] })).rejects.toThrow();
  await expect(
    policy.executeUpdate('setPolicy', { args: [{ assignments: 'lockout.maxFailures=1' }] }),
  ).rejects.toThrow();
  for (const handle of [user, policy]) {
    const { events } = await handle.fetchHistory();
    expect(
      (events ?? []).some((e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED),
    ).toBe(false);
    expect((await handle.describe()).status.name).toBe('RUNNING');
  }
  expect((await product.service.getUser(userId))?.serials).toEqual([serial]);
  expect((await product.service.policy()).lockout.maxFailures).toBe(10);
});

it('keeps codes, PINs and seeds out of the raw history', async () => {
  const { userId, serial } = await userWithToken(product.service);
  const { codes } = await product.service.lost(
    serial,
    { reason: 'permanently-lost', kind: 'one-time-set', count: 3 },
    operator,
  );
  await product.service.authenticate(userId, PIN + codes[0]);
  const newPin = 'Kq7W'; // letters past `f`, like PIN
  await product.service.setPin(serial, newPin, operator);
  const raw = new Client({
    connection: await Connection.connect({ address: inject('temporalAddress') }),
    namespace: product.namespace,
  });
  const history = await raw.workflow.getHandle(tokenWorkflowId(serial)).fetchHistory();
  const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
  for (const secret of [...codes, PIN, newPin, SEED, PIN + codes[0]])
    expect(bytes.includes(secret), secret).toBe(false);
});
