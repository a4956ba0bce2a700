// A client that records every update and signal it sends, and a scenario that sends each message of
// the role table through the product's own clients (TemporalEaService, system reports). Tests take
// real, signed arguments from it: to check they verify, or to forge and replay them.
import { Client, type WorkflowClientInterceptor } from '@temporalio/client';
import { EaError } from '../../client/ea-service.js';
import { generateKey, publicKeyText } from '../../client/keys.js';
import type { Signer } from '../../client/signer.js';
import { reportFound, reportLost } from '../../client/system-reports.js';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import type { ProductEnv } from './product-env.js';
import { PIN, SEED, operator, userWithToken } from './scenario.js';
import { testDataConverter } from './temporal.js';
import { replacementOath } from '../../client/replacement-oath.js';

export interface Sent {
  kind: 'update' | 'signal';
  workflowId: string;
  name: string;
  argument: unknown;
}

/** A client on the product's connection whose every update and signal lands in `sent` too. */
export function recordingClient(product: ProductEnv): { client: Client; sent: Sent[] } {
  const sent: Sent[] = [];
  const record = <T>(kind: Sent['kind'], workflowId: string, name: string, argument: unknown, then: () => T): T => {
    sent.push({ kind, workflowId, name, argument });
    return then();
  };
  const recorder: WorkflowClientInterceptor = {
    startUpdate: (input, next) =>
      record('update', input.workflowExecution.workflowId, input.updateName, input.args[0], () => next(input)),
    startUpdateWithStart: (input, next) =>
      record('update', input.workflowStartOptions.workflowId, input.updateName, input.updateArgs[0], () => next(input)),
    signal: (input, next) =>
      record('signal', input.workflowExecution.workflowId, input.signalName, input.args[0], () => next(input)),
  };
  const client = new Client({
    connection: product.client.connection,
    namespace: product.namespace,
    dataConverter: testDataConverter(),
    interceptors: { workflow: [recorder] },
  });
  return { client, sent };
}

/** A call the workflow may refuse: what matters here is what was sent. */
const sending = (call: Promise<unknown>) =>
  call.catch((error: unknown) => {
    if (!(error instanceof EaError) || error.code === 'unavailable') throw error;
  });

/** Sends every message of the role table at least once, signed by `signer`, through `client`. */
export async function sendEveryMessage(product: ProductEnv, client: Client, signer: Signer): Promise<void> {
  const service = new TemporalEaService(client, product.dataDir, signer);
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
      oath: replacementOath(SEED),
      tokenExpiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString(),
    },
    operator,
  );
  await service.action(replacement, 'unassign', operator);
  const other = await userWithToken(service);
  await reportLost(client, signer, other.serial, {
    requestId: `sys-${other.serial}`,
    reason: 'temporarily-unavailable',
    origin: 'system',
  });
  await reportFound(client, signer, other.serial, { requestId: `sys2-${other.serial}`, origin: 'system' });
  // Signals are answered by nobody: wait until the found report's notice is out, so the scenario
  // leaves nothing in flight (beforeAll cannot use expect.poll).
  const endNoticeOut = async () =>
    (await service.audit(other.serial)).some(
      (r) => r.type === 'message-delivered' && r.detail?.template === 'emergency-ended',
    );
  for (let waited = 0; !(await endNoticeOut()); waited += 100) {
    if (waited > 20_000) throw new Error(`token ${other.serial} never sent its emergency-ended notice`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // An incident that stays open: no incident principal's key is in this data folder, so its first
  // page waits (retried) while it is paused, resumed and cancelled.
  const incident = `every-${other.serial}`;
  const selection = { serials: [other.serial] };
  await service.startIncident({ selection, reason: 'temporarily-unavailable' }, { requestId: incident });
  for (const action of ['pause', 'resume', 'cancel'] as const)
    await service.controlIncident(incident, action, operator);
  const helper = generateKey(`helper-${other.serial}`);
  await service.addPrincipal(
    { name: helper.principal, publicKey: publicKeyText(helper), roles: ['auditor'] },
    operator,
  );
  await service.revokePrincipal(helper.principal, operator);
}
