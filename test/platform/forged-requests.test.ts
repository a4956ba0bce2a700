// What someone who reaches the Temporal server can do, sent the way they would send it: with the
// real `temporal` CLI, plain JSON, no client of ours (spec §5 "Trust"; issue 14's attacks). Every
// request below is refused, audited with the principal it claimed, and changes nothing else; no
// workflow task fails.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateKey, publicKeyText } from '../../client/keys.js';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import { keySigner } from '../../client/signer.js';
import { tokenWorkflowId, userWorkflowId } from '../../contract/messages.js';
import { signRequest } from '../../trust/envelope.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { PIN, SEED, operator, tokenCode, userWithToken } from '../support/scenario.js';
import { cliSignal, cliUpdate, temporalCli } from '../support/temporal-cli.js';
import { registeredSigner } from '../support/principals.js';

let product: ProductEnv;
beforeAll(async () => {
  product = await createProductEnv();
});
afterAll(async () => {
  await product?.teardown();
});

const refusals = async (serial: string) =>
  (await product.service.audit(serial)).filter((record) => record.type === 'refused');

/** No workflow task of this workflow failed: every attack is answered, none wedges it. */
async function noFailedTask(workflowId: string): Promise<void> {
  const history = await product.client.workflow.getHandle(workflowId).fetchHistory();
  const failed = history.events?.filter((event) => event.workflowTaskFailedEventAttributes) ?? [];
  expect(failed).toEqual([]);
}

it('refuses an unsigned unlock: a locked token stays locked', async () => {
  const { userId, serial } = await userWithToken(product.service);
  const policy = await product.service.policy();
  for (let i = 0; i < policy.lockout.maxFailures; i++) {
    await product.service.authenticate(userId, `${PIN}00000${i}`, serial);
  }
  expect((await product.service.status(serial)).locked).toBe(true);
  const unlock = { requestId: 'x', actor: 'mallory', origin: 'operator', action: 'unlock' };
  const answer = await cliUpdate(product.namespace, tokenWorkflowId(serial), 'operatorAction', unlock);
  expect(answer.code).not.toBe(0);
  expect((await product.service.status(serial)).locked).toBe(true);
  expect(await refusals(serial)).toEqual([expect.objectContaining({ actor: 'unknown', outcome: 'refused' })]);
  await noFailedTask(tokenWorkflowId(serial));
});

it('does not believe a forged policyChanged: malformed or well-formed, the token keeps the real policy', async () => {
  const { userId, serial } = await userWithToken(product.service);
  const real = await product.service.policy();
  expect((await cliSignal(product.namespace, tokenWorkflowId(serial), 'policyChanged', { version: 99 })).code).toBe(0);
  const lax = { ...real, version: 1000, lockout: { maxFailures: 20, durationMs: 60_000 } };
  expect((await cliSignal(product.namespace, tokenWorkflowId(serial), 'policyChanged', lax)).code).toBe(0);
  // Still answering, and still locking after the real policy's number of failures.
  for (let i = 0; i < real.lockout.maxFailures; i++) {
    await product.service.authenticate(userId, `${PIN}00000${i}`, serial);
  }
  expect((await product.service.status(serial)).locked).toBe(true);
  await noFailedTask(tokenWorkflowId(serial));
});

it('refuses a token minted from outside: started, assigned and attached without a key', async () => {
  const { userId } = await userWithToken(product.service);
  const evil = `EVIL${Date.now() % 100_000}`;
  const started = await temporalCli(product.namespace, [
    'workflow',
    'start',
    '--type',
    'tokenWorkflow',
    '--task-queue',
    'emergency-access',
    '--workflow-id',
    tokenWorkflowId(evil),
    '--input',
    JSON.stringify({ serial: evil }),
  ]);
  expect(started.code).toBe(0);
  const oath = { type: 'totp', secretBase32: SEED, digits: 6, period: 30, algorithm: 'SHA1', counter: 0 };
  const assign = {
    requestId: 'a1',
    actor: 'mallory',
    origin: 'operator',
    serial: evil,
    userId,
    oath,
    tokenExpiresAt: new Date(Date.now() + 86_400_000 * 30).toISOString(),
  };
  expect((await cliUpdate(product.namespace, tokenWorkflowId(evil), 'assign', assign)).code).not.toBe(0);
  const attach = { requestId: 'a2', serial: evil };
  expect((await cliUpdate(product.namespace, userWorkflowId(userId), 'attachToken', attach)).code).not.toBe(0);
  expect((await product.service.getUser(userId))?.serials).not.toContain(evil);
  expect(await product.service.authenticate(userId, tokenCode())).toMatchObject({ accepted: false });
  await noFailedTask(tokenWorkflowId(evil));
});

it('refuses a request signed by a key the registry does not hold, and audits the claimed name', async () => {
  const { serial } = await userWithToken(product.service);
  const stranger = generateKey('mallory');
  const signed = signRequest(
    stranger.privateKey,
    'admin',
    tokenWorkflowId(serial),
    'clear',
    { requestId: 'c1', actor: 'admin', origin: 'operator' },
    new Date().toISOString(),
  );
  expect((await cliUpdate(product.namespace, tokenWorkflowId(serial), 'clear', signed)).code).not.toBe(0);
  expect(await refusals(serial)).toEqual([
    expect.objectContaining({ actor: 'admin', reason: expect.stringMatching(/signature/) }),
  ]);
});

it('refuses a tampered, a stale and a replayed request', async () => {
  const { serial } = await userWithToken(product.service);
  await product.service.lost(serial, { reason: 'temporarily-unavailable' }, operator);
  const id = tokenWorkflowId(serial);
  const sign = (requestId: string, at = new Date()) =>
    signRequest(
      product.adminKey.privateKey,
      product.adminKey.principal,
      id,
      'extend',
      { requestId, actor: 'admin', origin: 'operator', lifetimeMs: 3_600_000 },
      at.toISOString(),
    );
  expect((await cliUpdate(product.namespace, id, 'extend', { ...sign('t1'), lifetimeMs: 86_400_000 })).code).not.toBe(
    0,
  );
  expect(
    (await cliUpdate(product.namespace, id, 'extend', sign('t2', new Date(Date.now() - 10 * 60_000)))).code,
  ).not.toBe(0);
  const once = sign('t3');
  // Accepted (the CLI then cannot read the encrypted answer, so its exit code says nothing here).
  await cliUpdate(product.namespace, id, 'extend', once);
  const changed = (await product.service.audit(serial)).filter((r) => r.type === 'emergency-expiry-changed');
  expect(changed).toEqual([expect.objectContaining({ actor: 'admin' })]);
  expect((await cliUpdate(product.namespace, id, 'extend', once)).code).not.toBe(0);
  const reasons = (await refusals(serial)).map((record) => record.reason);
  expect(reasons).toEqual([
    expect.stringMatching(/signature/),
    expect.stringMatching(/5 minutes/),
    expect.stringMatching(/already/),
  ]);
  await noFailedTask(id);
});

it('refuses what a role may not do, and everything once its principal is revoked', async () => {
  const { serial } = await userWithToken(product.service);
  const key = generateKey('desk-1');
  await product.service.addPrincipal({ name: 'desk-1', publicKey: publicKeyText(key), roles: ['helpdesk'] }, operator);
  const desk = new TemporalEaService(product.client, product.dataDir, keySigner(key));
  await expect(desk.action(serial, 'unassign', {})).rejects.toMatchObject({ code: 'refused' });
  await expect(desk.action(serial, 'disable', {})).resolves.toMatchObject({ disabled: true });
  await product.service.revokePrincipal('desk-1', operator);
  await expect(desk.action(serial, 'enable', {})).rejects.toMatchObject({
    code: 'refused',
    message: expect.stringMatching(/revoked/),
  });
  expect((await product.service.status(serial)).disabled).toBe(true);
  const actors = (await product.service.audit(serial)).map((record) => `${record.type}:${record.actor}`);
  expect(actors).toEqual(expect.arrayContaining(['refused:desk-1', 'disabled:desk-1']));
});

it('a system key may report a loss for the user, never have the codes shown to itself', async () => {
  const { serial } = await userWithToken(product.service);
  const system = await registeredSigner(product, `asset-${Date.now() % 100_000}`, ['system']);
  const id = tokenWorkflowId(serial);
  const lost = (delivery?: string) =>
    system.sign(id, 'lost', {
      requestId: `s-${delivery ?? 'none'}`,
      actor: system.principal,
      origin: 'system',
      reason: 'permanently-lost',
      ...(delivery ? { delivery } : {}),
    });
  for (const delivery of ['display', undefined]) {
    expect((await cliUpdate(product.namespace, id, 'lost', lost(delivery))).code).not.toBe(0);
  }
  expect((await product.service.status(serial)).state).toBe('active');
  expect(await refusals(serial)).toEqual([
    expect.objectContaining({ actor: system.principal, reason: expect.stringMatching(/contact on file/) }),
    expect.objectContaining({ actor: system.principal, reason: expect.stringMatching(/contact on file/) }),
  ]);
  await noFailedTask(id);
});
