// `npx tsx bench/trust-authorize.ts [count]`: microseconds per trust decision (trust/authorize.ts),
// signature verification included, on this machine in plain Node (the workflow sandbox runs the
// same V8 code). Prints one line per case; no server needed.
import { cpus } from 'node:os';
import { authorize } from '../trust/authorize.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { base64urlToBytesOfSize } from '../trust/base64url.js';
import { signingBytes, signRequest, splitEnvelope, verifySignature } from '../trust/envelope.js';
import { principalRecord, privateKeyOf, T0, T0_ISO } from '../trust/test-fixtures.js';
import type { Role } from '../trust/roles.js';

const count = Number(process.argv[2] ?? 2000);
const roles: Role[] = ['admin', 'helpdesk', 'system', 'selfservice', 'authenticator', 'auditor'];
const records = Array.from({ length: 60 }, (_, i) =>
  principalRecord(`p-${i}`, [roles[i % roles.length]!], { user: 'alice' }),
);
const registry = new Map(records.map((record) => [record.name, record]));
const workflowId = 'token-EA000123';

// A realistic argument: a `lost` update from a helpdesk principal, each with its own request id.
const helpdesk = records[1]!;
const argumentsToDecide = Array.from({ length: count }, (_, i) =>
  signRequest(
    privateKeyOf(helpdesk.name),
    helpdesk.name,
    workflowId,
    'lost',
    {
      requestId: `bench-${i}`,
      actor: helpdesk.name,
      origin: 'operator',
      reason: 'temporarily-unavailable',
      kind: 'one-time-set',
      count: 5,
      delivery: 'display',
    },
    T0_ISO,
  ),
);

function time(label: string, run: (i: number) => unknown): void {
  for (let i = 0; i < Math.min(300, count); i++) run(i); // warm-up: JIT and noble's precomputed tables
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) run(i);
  const micros = Number(process.hrtime.bigint() - started) / 1000 / count;
  console.log(`${label.padEnd(44)} ${micros.toFixed(1).padStart(8)} µs/op  (${count} ops)`);
}

console.log(`${cpus()[0]?.model.trim() ?? 'cpu'} · node ${process.version}`);
let accepted = 0;
time('authorize, accepted (verify included)', (i) => {
  if (
    authorize({
      registry,
      workflowId,
      message: 'lost',
      argument: argumentsToDecide[i],
      nowMs: T0,
      seen: () => false,
      tokenUser: 'alice',
    }).ok
  )
    accepted++;
});
if (accepted < count) throw new Error(`only ${accepted} of ${count} accepted`);
time('verifySignature alone', (i) => verifySignature(helpdesk.publicKey, workflowId, 'lost', argumentsToDecide[i]));
// The reference: noble's own strict verify of the same bytes, which decodes and ladders the key each time.
const helpdeskKey = base64urlToBytesOfSize(helpdesk.publicKey, 32)!;
const signed = argumentsToDecide.map((argument) => {
  const { payload, envelope } = splitEnvelope(argument)!;
  const bytes = signingBytes({ workflowId, message: 'lost', payload, principal: envelope.principal, at: envelope.at });
  return { bytes, signature: base64urlToBytesOfSize(envelope.signature, 64)! };
});
time('noble ed25519.verify (reference)', (i) =>
  ed25519.verify(signed[i]!.signature, signed[i]!.bytes, helpdeskKey, { zip215: false }),
);
time('authorize, refused as bad-signature', (i) =>
  authorize({ registry, workflowId: 'token-OTHER', message: 'lost', argument: argumentsToDecide[i], nowMs: T0 }),
);
time('authorize, refused before verify (unknown)', (i) =>
  authorize({ registry: new Map(), workflowId, message: 'lost', argument: argumentsToDecide[i], nowMs: T0 }),
);
