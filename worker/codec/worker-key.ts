// The workers' key (product spec §5, "Secrets only their owners read"): an X25519 key pair whose
// public half clients seal seeds to and whose private half only workers hold. From key-material.ts's
// sources, next to the payload key ring:
//   EA_WORKER_KEYS=id:base64,…  rotation; the first key is the one clients seal to, all of them open
//   EA_WORKER_KEY=base64         one key (the 32-byte X25519 private key)
//   <data>/worker.key            created once (exclusively, mode 0600) for a single machine
import { createHash } from 'node:crypto';
import { x25519 } from '@noble/curves/ed25519';
import { loadKeyMaterial, ringOf, type KeyRingOf, type KeySource } from './key-material.js';

export interface WorkerKey {
  id: string;
  privateKey: Uint8Array;
  publicKey: Uint8Array;
}

/** `current` is the key new secrets are sealed to. */
export type WorkerKeyRing = KeyRingOf<WorkerKey, 'EA_WORKER_KEYS' | 'EA_WORKER_KEY' | 'key-file'>;

export const WORKER_KEY_FILE = 'worker.key';

/** A key given without an id is named by its public half's fingerprint, which anyone may compute. */
export function workerKeyId(publicKey: Uint8Array): string {
  return createHash('sha256').update(publicKey).digest('hex').slice(0, 12);
}

const WORKER_KEY: KeySource<'EA_WORKER_KEYS', 'EA_WORKER_KEY'> = {
  listVariable: 'EA_WORKER_KEYS',
  variable: 'EA_WORKER_KEY',
  fileName: WORKER_KEY_FILE,
  what: "workers' key",
  idOf: (privateKey) => workerKeyId(x25519.getPublicKey(privateKey)),
};

export function loadWorkerKeyRing(env: NodeJS.ProcessEnv, dataDir: string): WorkerKeyRing {
  const { keys, source } = loadKeyMaterial(env, dataDir, WORKER_KEY);
  return ringOf(
    keys.map(({ id, bytes }) => ({
      id,
      privateKey: new Uint8Array(bytes),
      publicKey: x25519.getPublicKey(new Uint8Array(bytes)),
    })),
    source,
  );
}

/** Every private key of the ring, the current one first: what opens boxes sealed before a rotation. */
export function privateKeysOf(ring: WorkerKeyRing): Uint8Array[] {
  return [ring.current, ...[...ring.byId.values()].filter((key) => key !== ring.current)].map((key) => key.privateKey);
}

/** The key pair of a raw X25519 private key. */
export function workerKeyOf(privateKey: Uint8Array): WorkerKey {
  const publicKey = x25519.getPublicKey(privateKey);
  return { id: workerKeyId(publicKey), privateKey, publicKey };
}

/** A ring of one fresh key from the CSPRNG: tests and the in-memory service. */
export function generateWorkerKeyRing(): WorkerKeyRing {
  return ringOf([workerKeyOf(x25519.utils.randomPrivateKey())], 'key-file');
}
