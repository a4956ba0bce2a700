// Every message of the role table, forged every way issue 14 names, sent with the real `temporal`
// CLI as someone who reached the server would: unsigned, signed by a key the registry does not hold,
// tampered after signing, stale, replayed, signed by a revoked principal and by one whose role may
// not send it. Each is refused and audited with the principal it claimed; no workflow's state
// changes and no workflow task fails. The arguments are real: recorded while the product's own
// clients sent each message once.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generateKey, publicKeyText, type PrincipalKey } from '../../client/keys.js';
import {
  incidentStatusQuery,
  policyHistoryQuery,
  policyQuery,
  principalsQuery,
  userQuery,
} from '../../contract/messages.js';
import type { AuditRecord } from '../../domain/types.js';
import { signRequest, splitEnvelope, type JsonObject } from '../../trust/envelope.js';
import { ROLE_TABLE, SIGNED_MESSAGES } from '../../trust/roles.js';
import { recordingClient, sendEveryMessage, type Sent } from '../support/every-message.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { forEachConcurrently } from '../../bench/pool.js';
import { cliSignal, cliUpdate } from '../support/temporal-cli.js';

let product: ProductEnv;
let samples: Sent[];
let stranger: PrincipalKey;
let revoked: PrincipalKey;
let auditor: PrincipalKey;

beforeAll(async () => {
  product = await createProductEnv();
  stranger = generateKey('admin'); // claims the admin's name with a key of its own
  revoked = generateKey('gone-admin');
  auditor = generateKey('watcher');
  await product.service.addPrincipal(
    { name: revoked.principal, publicKey: publicKeyText(revoked), roles: ['admin'] },
    {},
  );
  await product.service.addPrincipal(
    { name: auditor.principal, publicKey: publicKeyText(auditor), roles: ['auditor'] },
    {},
  );
  await product.service.revokePrincipal(revoked.principal, {});
  const { client, sent } = recordingClient(product);
  await sendEveryMessage(product, client, product.signer);
  // One real argument per cell of the role table (operatorAction: one per action).
  const cellOf = (s: Sent) => `${s.name}:${(s.argument as { action?: string }).action ?? ''}`;
  const seen = new Set<string>();
  samples = sent.filter(
    (s) => SIGNED_MESSAGES.includes(s.name as never) && !seen.has(cellOf(s)) && seen.add(cellOf(s)),
  );
}, 180_000);
afterAll(async () => {
  await product?.teardown();
});

type Attack = 'unsigned' | 'wrong-key' | 'tampered' | 'stale' | 'replayed' | 'revoked' | 'out-of-role';

/** The claimed principal each attack's refusal must name. */
const CLAIMED: Record<Attack, string> = {
  unsigned: 'unknown',
  'wrong-key': 'admin',
  tampered: 'admin',
  stale: 'admin',
  replayed: 'admin',
  revoked: 'gone-admin',
  'out-of-role': 'watcher',
};

function forged(sample: Sent, attack: Attack): unknown {
  if (attack === 'replayed') return sample.argument;
  const { payload } = splitEnvelope(sample.argument)!;
  const fresh: JsonObject = { ...payload, requestId: `forged-${randomUUID()}` };
  const sign = (key: PrincipalKey, at = new Date()) =>
    signRequest(key.privateKey, key.principal, sample.workflowId, sample.name, fresh, at.toISOString());
  switch (attack) {
    case 'unsigned':
      return fresh;
    case 'wrong-key':
      return sign(stranger);
    case 'tampered':
      return { ...sign(product.adminKey), requestId: `${fresh.requestId as string}-changed` };
    case 'stale':
      return sign(product.adminKey, new Date(Date.now() - 10 * 60_000));
    case 'revoked':
      return sign(revoked);
    case 'out-of-role':
      return sign(auditor);
  }
}

/** What a workflow holds, read through its queries; refusals in a token's trail excluded. */
async function stateOf(workflowId: string): Promise<unknown> {
  const handle = product.client.workflow.getHandle(workflowId);
  if (workflowId.startsWith('token-')) {
    const serial = workflowId.slice('token-'.length);
    const audit = (await product.service.audit(serial)).filter((r) => r.type !== 'refused');
    return { status: await product.service.status(serial), audit };
  }
  if (workflowId.startsWith('user-')) return handle.query(userQuery);
  if (workflowId === 'ea-principals') return handle.query(principalsQuery);
  if (workflowId.startsWith('incident-')) return handle.query(incidentStatusQuery);
  return { policy: await handle.query(policyQuery), history: await handle.query(policyHistoryQuery) };
}

async function failedTasks(workflowId: string): Promise<number> {
  const history = await product.client.workflow.getHandle(workflowId).fetchHistory();
  return history.events?.filter((event) => event.workflowTaskFailedEventAttributes).length ?? 0;
}

it('covers every cell of the role table', () => {
  const cells = SIGNED_MESSAGES.flatMap((m) => {
    const rule = ROLE_TABLE[m];
    return 'byAction' in rule ? Object.keys(rule.byAction).map((a) => `${m}:${a}`) : [`${m}:`];
  });
  const covered = samples.map((s) => `${s.name}:${(s.argument as { action?: string }).action ?? ''}`);
  expect(cells.filter((cell) => !covered.includes(cell))).toEqual([]);
});

it('refuses every message forged every way, audits the claimed principal, changes nothing', async () => {
  const targets = [...new Set(samples.map((s) => s.workflowId))];
  const before = new Map(await Promise.all(targets.map(async (id) => [id, await stateOf(id)] as const)));
  const auditBefore = new Set((await product.service.auditFeed()).map((r) => r.id));
  // Replays first: a recorded argument is fresh for five minutes after the scenario signed it.
  const attacks: Attack[] = ['replayed', 'unsigned', 'wrong-key', 'tampered', 'stale', 'revoked', 'out-of-role'];
  const sends = attacks.flatMap((attack) => samples.map((sample) => ({ sample, attack })));
  const answers: { sample: Sent; attack: Attack; code: number; stderr: string }[] = [];
  await forEachConcurrently(sends, 4, async ({ sample, attack }) => {
    const argument = forged(sample, attack);
    const send = sample.kind === 'update' ? cliUpdate : cliSignal;
    const { code, stderr } = await send(product.namespace, sample.workflowId, sample.name, argument);
    answers.push({ sample, attack, code, stderr });
  });

  // An update answers the refusal; a signal is accepted by the server and refused by the workflow.
  const wronglyAnswered = answers
    .filter(({ sample, code }) => (sample.kind === 'update' ? code === 0 : code !== 0))
    .map(({ sample, attack, stderr }) => `${sample.name} ${attack}: ${stderr.slice(0, 200)}`);
  expect(wronglyAnswered).toEqual([]);

  // Every attempt is in the audit, once, naming the principal it claimed.
  const key = (name: string, actor: string) => `${name} by ${actor}`;
  const expected = sends.map(({ sample, attack }) => key(sample.name, CLAIMED[attack])).sort();
  const refusalsNow = async () =>
    (await product.service.auditFeed())
      .filter((r: AuditRecord) => !auditBefore.has(r.id) && r.type === 'refused')
      .map((r) => key(String(r.detail?.message), r.actor))
      .sort();
  await expect.poll(refusalsNow, { timeout: 30_000 }).toEqual(expected);

  for (const id of targets) {
    expect(await stateOf(id), id).toEqual(before.get(id));
    expect(await failedTasks(id), id).toBe(0);
  }
}, 300_000);
