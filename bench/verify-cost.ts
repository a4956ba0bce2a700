// Microseconds per trust decision (trust/authorize.ts), signature verification included, in plain
// Node on this machine: the workflow sandbox runs the same V8 code, and the trust modules are shared
// by every workflow of a worker thread, so this is the CPU a signed request costs the workflow
// thread. `npm run bench` reports it; `npx tsx bench/verify-cost.ts [count]` prints every case.
import { cpus } from 'node:os';
import { authorize } from '../trust/authorize.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { base64urlToBytesOfSize } from '../trust/base64url.js';
import { signingBytes, signRequest, splitEnvelope, verifySignature } from '../trust/envelope.js';
import { principalRecord, privateKeyOf, T0, T0_ISO } from '../trust/test-fixtures.js';
import type { Role } from '../trust/roles.js';

export interface VerifyCost {
  count: number;
  /** authorize() on an accepted request: envelope, registry, signature, freshness, role. */
  authorizeMicros: number;
  /** The signature check alone (trust/ed25519-verify.ts, key table warm). */
  verifyMicros: number;
  /** noble's own strict verify of the same bytes (decodes and ladders the key every time). */
  nobleVerifyMicros: number;
  /** authorize() refusing a bad signature, and an unknown principal (no signature check). */
  refusedBadSignatureMicros: number;
  refusedUnknownMicros: number;
}

const roles: Role[] = ['admin', 'helpdesk', 'system', 'selfservice', 'authenticator', 'auditor'];
const workflowId = 'token-EA000123';

function microsPerRun(count: number, run: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(300, count); i++) run(i); // warm-up: JIT and the key tables
  const started = process.hrtime.bigint();
  for (let i = 0; i < count; i++) run(i);
  return Math.round(Number(process.hrtime.bigint() - started) / 100 / count) / 10;
}

export function measureVerifyCost(count = 1000): VerifyCost {
  const records = Array.from({ length: 60 }, (_, i) =>
    principalRecord(`p-${i}`, [roles[i % roles.length]!], { user: 'alice' }),
  );
  const registry = new Map(records.map((record) => [record.name, record]));
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
  const decide = (i: number, into = registry, id = workflowId) =>
    authorize({
      registry: into,
      workflowId: id,
      message: 'lost',
      argument: argumentsToDecide[i],
      nowMs: T0,
      seen: () => false,
      tokenUser: 'alice',
    });
  const authorizeMicros = microsPerRun(count, (i) => {
    if (!decide(i).ok) throw new Error('the benchmark request was refused');
  });
  const verifyMicros = microsPerRun(count, (i) =>
    verifySignature(helpdesk.publicKey, workflowId, 'lost', argumentsToDecide[i]),
  );
  const helpdeskKey = base64urlToBytesOfSize(helpdesk.publicKey, 32)!;
  const signed = argumentsToDecide.map((argument) => {
    const { payload, envelope } = splitEnvelope(argument)!;
    const bytes = signingBytes({
      workflowId,
      message: 'lost',
      payload,
      principal: envelope.principal,
      at: envelope.at,
    });
    return { bytes, signature: base64urlToBytesOfSize(envelope.signature, 64)! };
  });
  const nobleVerifyMicros = microsPerRun(count, (i) =>
    ed25519.verify(signed[i]!.signature, signed[i]!.bytes, helpdeskKey, { zip215: false }),
  );
  return {
    count,
    authorizeMicros,
    verifyMicros,
    nobleVerifyMicros,
    refusedBadSignatureMicros: microsPerRun(count, (i) => decide(i, registry, 'token-OTHER')),
    refusedUnknownMicros: microsPerRun(count, (i) => decide(i, new Map())),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  console.log(`${cpus()[0]?.model.trim() ?? 'cpu'} · node ${process.version}`);
  console.log(measureVerifyCost(Number(process.argv[2] ?? 2000)));
}
