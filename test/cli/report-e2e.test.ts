// `ea report lost|found` against the real dev server and worker, as an outside system's shell script
// runs it: the program in this process (runCli, as `npx ea` runs it), signing with the key EA_KEY
// names. A system's report is the token workflow's signal, so the command is not answered: exit 0
// means the server took it, and what the token did is read from its status and audit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateKey, keyPathIn, publicKeyText, writeKeyFile } from '../../client/keys.js';
import type { Role } from '../../trust/roles.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { userWithToken } from '../support/scenario.js';
import { eaEnvironment, runEa } from '../support/ea-in-process.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

let product: ProductEnv;
let env: NodeJS.ProcessEnv;
/** Key files of registered principals, in the data folder as `ea principal add` writes them. */
let systemKey: string;
let auditorKey: string;

/** A principal with `roles` and a fresh key, written where `ea principal add NAME` would write it. */
async function principalKeyFile(name: string, roles: Role[]): Promise<string> {
  const key = generateKey(name);
  await product.service.addPrincipal({ name, publicKey: publicKeyText(key), roles }, {});
  const file = keyPathIn(product.dataDir, name);
  writeKeyFile(file, key);
  return file;
}

beforeAll(async () => {
  product = await createProductEnv();
  systemKey = await principalKeyFile('asset-mgmt', ['system']);
  auditorKey = await principalKeyFile('reader', ['auditor']);
  // The asset-management system's key, as its script would set it.
  env = eaEnvironment(product, systemKey);
});
afterAll(async () => {
  await product?.teardown();
});

const ea = (...argv: string[]) => runEa(env, argv);

const state = async (serial: string) => (await product.service.status(serial)).state;
const audit = (serial: string) => product.service.audit(serial);

describe('ea report', () => {
  it('a system key reports a token lost, then found: the token acts, audited as the system with origin system', async () => {
    const { serial } = await userWithToken(product.service);
    const lost = await ea('report', 'lost', serial, '--reason', 'temporarily-unavailable', '--json');
    expect(lost.stderr).toBe('');
    expect(lost.code).toBe(0);
    expect(lost.json()).toEqual({ serial, requestId: expect.stringMatching(UUID), sent: true });
    await expect.poll(() => state(serial)).toBe('emergency');

    const found = await ea('report', 'found', serial, '--request-id', `ticket-${serial}`);
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(new RegExp(`^Reported token ${serial} found, request id ticket-${serial}: sent`));
    await expect.poll(() => state(serial)).toBe('active');

    const records = (await audit(serial)).filter((r) => ['emergency-started', 'emergency-ended'].includes(r.type));
    expect(records.map((r) => [r.type, r.actor, r.origin])).toEqual([
      ['emergency-started', 'asset-mgmt', 'system'],
      ['emergency-ended', 'asset-mgmt', 'system'],
    ]);
    // Sent again with the printed ids (a script's retry): the token refuses the repeats as replayed.
    const requestId = lost.json().requestId as string;
    const retryLost = await ea(
      'report',
      'lost',
      serial,
      '--reason',
      'temporarily-unavailable',
      '--request-id',
      requestId,
    );
    expect(retryLost.code).toBe(0);
    expect((await ea('report', 'found', serial, '--request-id', `ticket-${serial}`)).code).toBe(0);
    // Signals are handled in order: once a later report is audited, the repeats were handled.
    expect((await ea('report', 'found', serial)).code).toBe(0);
    const handled = async () => (await audit(serial)).some((r) => /is not in emergency access/.test(r.reason ?? ''));
    await expect.poll(handled).toBe(true);
    const after = await audit(serial);
    expect(after.filter((r) => r.type === 'emergency-started')).toHaveLength(1);
    expect(after.filter((r) => /already handled/.test(r.reason ?? '')).map((r) => r.actor)).toEqual([
      'asset-mgmt',
      'asset-mgmt',
    ]);
    expect(await state(serial)).toBe('active');
  });

  // A system may send the `lost` update (an incident's reporter does), but only under origin system:
  // `ea lost` files it as an operator.
  it('the same system key may not use `ea lost` as an operator: refused, and that one is answered (exit 1)', async () => {
    const { serial } = await userWithToken(product.service);
    const result = await ea('lost', serial, '--reason', 'permanently-lost', '--json');
    expect(result.code).toBe(1);
    expect(result.json()).toEqual({
      error: { code: 'refused', message: expect.stringMatching(/may not act under origin "operator" for "lost"/) },
    });
    expect(await state(serial)).toBe('active');
  });

  // An auditor, not a helpdesk key: the role table (trust/roles.ts) lets helpdesk send `reportLost`
  // too, under origin `system` (weaker than its own `operator`), so a helpdesk report is accepted.
  it('a key whose roles may not report is refused by the workflow; the command still exits 0, as a signal is not answered', async () => {
    const { serial } = await userWithToken(product.service);
    const result = await ea('report', 'lost', serial, '--reason', 'permanently-lost', '--key', auditorKey, '--json');
    // Exit 0: the server took the signal. The refusal is the token's, and only its audit says so.
    expect(result.code).toBe(0);
    expect(result.json()).toMatchObject({ serial, sent: true });
    await expect
      .poll(async () => (await audit(serial)).find((r) => r.type === 'refused'))
      .toMatchObject({
        actor: 'reader',
        outcome: 'refused',
        reason: expect.stringMatching(/"reader" \(auditor\) may not send "reportLost"/),
        detail: { message: 'reportLost' },
      });
    expect(await state(serial)).toBe('active');
  });
});
