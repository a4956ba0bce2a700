// Spec §5 "Secrets only their owners read", against the real product on a real dev server: whoever
// holds the shared payload key (every operator's machine) decodes a token's whole history — every
// run, the continue-as-new input, update answers, queries, memo, search attributes — and finds no
// seed, PIN or emergency code in it, in clear or wrapped in base64, base32 or hex, decoded through
// the codec endpoint the Web UI and CLI use. Codes shown to an operator open only with that
// operator's key; codes for delivery are readable only in the worker.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import proto from '@temporalio/proto';
import { tokenWorkflowId } from '../../contract/messages.js';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import { outboxDir } from '../../activities/delivery/outbox.js';
import { EncryptionCodec } from '../../worker/codec/encryption-codec.js';
import { createCodecServer, listen } from '../../worker/codec-server.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { registeredSigner } from '../support/principals.js';
import { PIN, SEED, operator, userWithToken } from '../support/scenario.js';
import { testKeyRing } from '../support/test-keys.js';

const { temporal } = proto;
type Payload = proto.temporal.api.common.v1.IPayload;

let product: ProductEnv;
let raw: Client;
const codec = new EncryptionCodec(testKeyRing());
const CODEC_TOKEN = 'sealed-secrets-codec-token-0123456789';
const codecServer = createCodecServer(codec, { token: CODEC_TOKEN, origins: [] });
let codecEndpoint = '';

beforeAll(async () => {
  product = await createProductEnv();
  codecEndpoint = `http://127.0.0.1:${await listen(codecServer, 0)}`;
  raw = new Client({
    connection: await Connection.connect({ address: inject('temporalAddress') }),
    namespace: product.namespace,
  });
});
afterAll(async () => {
  codecServer.close();
  await product?.teardown();
});

/** Every payload anywhere in a protobuf message (history events, memo, search attributes). */
function payloadsIn(value: unknown, found: Payload[] = []): Payload[] {
  if (value === null || typeof value !== 'object' || ArrayBuffer.isView(value)) return found;
  const record = value as Record<string, unknown>;
  if (record.metadata && record.data instanceof Uint8Array) found.push(record as Payload);
  else for (const child of Object.values(record)) payloadsIn(child, found);
  return found;
}

/**
 * What the payload key reveals: every payload decrypted as the Web UI and `temporal` CLI would have
 * it, through the codec endpoint (`ea codec-server`) with its bearer token, as text.
 */
async function decodedText(messages: unknown[]): Promise<string> {
  const asJson = (bytes: Uint8Array | null | undefined) => Buffer.from(bytes ?? new Uint8Array()).toString('base64');
  const payloads = messages.flatMap((m) => payloadsIn(m));
  const body = JSON.stringify({
    payloads: payloads.map((p) => ({
      metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, asJson(v)])),
      data: asJson(p.data),
    })),
  });
  const answer = await fetch(`${codecEndpoint}/decode`, {
    method: 'POST',
    headers: { authorization: `Bearer ${CODEC_TOKEN}`, 'content-type': 'application/json' },
    body,
  });
  expect(answer.status).toBe(200);
  const decoded = ((await answer.json()) as { payloads: { data?: string }[] }).payloads;
  expect(decoded).toHaveLength(payloads.length);
  return decoded.map((p) => Buffer.from(p.data ?? '', 'base64').toString('utf8')).join('\n');
}

const base32 = (bytes: Buffer) => {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = '';
  for (const byte of bytes) bits += byte.toString(2).padStart(8, '0');
  return (bits.match(/.{1,5}/g) ?? []).map((chunk) => alphabet[parseInt(chunk.padEnd(5, '0'), 2)]).join('');
};

/** The secret's bytes as they would show up wrapped: the characters fixed by the secret at each alignment. */
function spellings(secret: Buffer): string[] {
  const forms = [secret.toString('utf8'), secret.toString('hex'), secret.toString('hex').toUpperCase()];
  for (let pad = 0; pad < 3; pad++) {
    const b64 = Buffer.concat([Buffer.alloc(pad), secret]).toString('base64');
    const inner = b64.slice(Math.ceil((pad * 4) / 3), Math.floor(((pad + secret.length) * 4) / 3));
    forms.push(inner, inner.replaceAll('+', '-').replaceAll('/', '_'));
  }
  for (let pad = 0; pad < 5; pad++) {
    const b32 = base32(Buffer.concat([Buffer.alloc(pad), secret]));
    forms.push(b32.slice(Math.ceil((pad * 8) / 5), Math.floor(((pad + secret.length) * 8) / 5)));
  }
  return forms.filter((form) => form.length >= 4);
}

/** The secrets, each with its wrapped spellings; a base32 seed also as its raw bytes. */
function leaksIn(text: string, secrets: string[]): string[] {
  return secrets.filter((secret) => {
    const raws = [Buffer.from(secret)];
    if (/^[A-Z2-7]{16,}$/.test(secret)) raws.push(Buffer.from(secretBytesOf(secret)));
    return raws.some((bytes) => spellings(bytes).some((form) => text.includes(form)));
  });
}

function secretBytesOf(b32: string): Uint8Array {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bits = [...b32].map((c) => alphabet.indexOf(c).toString(2).padStart(5, '0')).join('');
  return Uint8Array.from((bits.match(/.{8}/g) ?? []).map((byte) => parseInt(byte, 2)));
}

/** Every run of a token workflow, newest first, each with the history, memo and search attributes. */
async function everythingStored(serial: string, runIds: string[]): Promise<unknown[]> {
  const stored: unknown[] = [];
  for (const runId of runIds) {
    const handle = raw.workflow.getHandle(tokenWorkflowId(serial), runId);
    stored.push(await handle.fetchHistory());
    const described = await raw.workflowService.describeWorkflowExecution({
      namespace: product.namespace,
      execution: { workflowId: tokenWorkflowId(serial), runId },
    });
    stored.push(described.workflowExecutionInfo?.memo, described.workflowExecutionInfo?.searchAttributes);
  }
  return stored;
}

/** The codes the worker wrote to the outbox for a token (e-mail text part). */
function deliveredCodes(serial: string): string[] {
  const files = readdirSync(outboxDir(product.dataDir)).filter((f) => f.includes(`-${serial}-`));
  return files.flatMap((file) => {
    const text = readFileSync(join(outboxDir(product.dataDir), file), 'utf8');
    return [...text.matchAll(/^\s*([A-Za-z0-9%+/:=]{6,12})\s*$/gm)].map((m) => m[1]!).filter((c) => /\d/.test(c));
  });
}

it('holding the payload key reveals no seed, PIN or code in any run, answer, query, memo or attribute', async () => {
  const { userId, serial } = await userWithToken(product.service);
  const firstRun = (await raw.workflow.getHandle(tokenWorkflowId(serial)).describe()).runId;
  const shown = await product.service.lost(
    serial,
    { reason: 'permanently-lost', kind: 'one-time-set', count: 3 },
    operator,
  );
  expect(shown.codes).toHaveLength(3);
  const newPin = 'Kq7Wz';
  await product.service.setPin(serial, newPin, operator);
  // Codes for delivery: issued into the user's e-mail, never to the operator.
  const mailed = await userWithToken(product.service);
  await product.service.lost(
    mailed.serial,
    { reason: 'temporarily-unavailable', kind: 'one-time-set', count: 2, delivery: 'email' },
    operator,
  );
  await expect.poll(() => deliveredCodes(mailed.serial).length, { timeout: 15_000 }).toBeGreaterThanOrEqual(2);
  const mailedCodes = deliveredCodes(mailed.serial);
  await expect(product.service.authenticate(mailed.userId, PIN + mailedCodes[0], mailed.serial)).resolves.toMatchObject(
    { accepted: true },
  );

  // Enough updates that the server suggests continuing as new (200 events in this test server).
  for (let i = 0; i < 40; i++) await product.service.action(serial, i % 2 === 0 ? 'disable' : 'enable', operator);
  const handle = raw.workflow.getHandle(tokenWorkflowId(serial));
  await expect.poll(async () => (await handle.describe()).runId, { timeout: 20_000 }).not.toBe(firstRun);
  const lastRun = (await handle.describe()).runId;
  const secrets = [SEED, PIN, newPin, ...shown.codes, ...mailedCodes];
  expect(leaksIn(await decodedText(await everythingStored(serial, [lastRun, firstRun])), secrets)).toEqual([]);

  const replacementSeed = 'MFRGGZDFMZTWQ2LKNNWG23TPOBYXE43U';
  const replacementPin = 'Zx9Y';
  await product.service.replace(
    serial,
    {
      newSerial: `${serial}N`,
      oath: { type: 'hotp', secretBase32: replacementSeed, digits: 8, period: 30, algorithm: 'SHA256', counter: 5 },
      tokenExpiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString(),
      pin: replacementPin,
    },
    operator,
  );

  const stored = [
    ...(await everythingStored(serial, [lastRun, firstRun])),
    ...(await everythingStored(`${serial}N`, [
      (await raw.workflow.getHandle(tokenWorkflowId(`${serial}N`)).describe()).runId,
    ])),
    ...(await everythingStored(mailed.serial, [
      (await raw.workflow.getHandle(tokenWorkflowId(mailed.serial)).describe()).runId,
    ])),
  ];
  const text = [
    await decodedText(stored),
    JSON.stringify(await product.service.status(serial)),
    JSON.stringify(await product.service.audit(serial)),
    JSON.stringify(await product.service.audit(`${serial}N`)),
    JSON.stringify(await product.service.audit(mailed.serial)),
  ].join('\n');
  // The decoding worked: the payloads are readable, the token's own records are in them.
  expect(text).toContain(`"serial":"${serial}"`);
  // …and the state the runs carry (the continue-as-new input) with its sealed seed.
  expect(text).toContain('"sealedSecret":"eas1.');
  expect(leaksIn(text, [...secrets, replacementSeed, replacementPin])).toEqual([]);
  expect(userId).toBeTruthy();
});

it("opens a loss answer's codes only with the asking principal's key, and never for another caller", async () => {
  const { serial } = await userWithToken(product.service);
  const requestId = `lost-${serial}`;
  const shown = await product.service.lost(
    serial,
    { reason: 'temporarily-unavailable', kind: 'one-time-set', count: 2 },
    { requestId },
  );
  expect(shown.codes).toHaveLength(2);
  // The answer as the history keeps it: decoded with the payload key, it holds a sealed box only.
  const history = await raw.workflow.getHandle(tokenWorkflowId(serial)).fetchHistory();
  const completed = (history.events ?? []).filter(
    (e) => e.eventType === temporal.api.enums.v1.EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED,
  );
  const answers = (await decodedText(completed)).split('\n').filter((t) => t.includes('sealedCodes'));
  expect(answers).toHaveLength(1);
  const { sealedCodes } = JSON.parse(answers[0]!) as { sealedCodes: string };
  expect(product.signer.openCodes(sealedCodes)).toEqual(shown.codes);
  const colleague = await registeredSigner(product, `helpdesk-${serial}`, ['helpdesk']);
  expect(() => colleague.openCodes(sealedCodes)).toThrow(/does not open/);
  // Another operator retrying the same request is answered without a readable code.
  const theirs = new TemporalEaService(product.client, product.dataDir, colleague);
  const retried = theirs.lost(
    serial,
    { reason: 'temporarily-unavailable', kind: 'one-time-set', count: 2 },
    { requestId },
  );
  await expect(retried).rejects.toThrow();
  await retried.catch((error: Error) => {
    for (const code of shown.codes) expect(error.message).not.toContain(code);
  });
});

it("keeps the PIN a login prompt got out of history in the challenge flow's on-demand request", async () => {
  const { userId, serial } = await userWithToken(product.service, { onDemand: 'email' });
  await product.service.lost(serial, { reason: 'temporarily-unavailable', kind: 'on-demand' }, operator);
  // The gateway's first step: the PIN alone sends a code; a wrong PIN sends none.
  await expect(product.service.requestOnDemandByUser(userId, PIN)).resolves.toMatchObject({ serial });
  await expect(product.service.requestOnDemandByUser(userId, 'Wr0ng1')).resolves.toBeNull();
  const runId = (await raw.workflow.getHandle(tokenWorkflowId(serial)).describe()).runId;
  const text = await decodedText(await everythingStored(serial, [runId]));
  expect(text).toContain('"origin":"self-service"');
  expect(leaksIn(text, [PIN, 'Wr0ng1'])).toEqual([]);
});
