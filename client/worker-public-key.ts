// The workers' public key a client seals seeds and passcodes to (spec §5): `EA_WORKER_PUBLIC_KEY`
// (32 bytes, base64) where the workers' private key is not on this machine; otherwise the current
// key of the data folder's (or the environment's) workers' key ring, as on the embedded default,
// where client and worker share the machine.
import { decodeKey } from '../worker/codec/key-material.js';
import { loadWorkerKeyRing } from '../worker/codec/worker-key.js';

export function workerPublicKey(env: NodeJS.ProcessEnv, dataDir: string): Uint8Array {
  if (env.EA_WORKER_PUBLIC_KEY) return new Uint8Array(decodeKey(env.EA_WORKER_PUBLIC_KEY, 'EA_WORKER_PUBLIC_KEY'));
  return loadWorkerKeyRing(env, dataDir).current.publicKey;
}
