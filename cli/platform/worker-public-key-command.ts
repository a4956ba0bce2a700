// `ea worker --public-key`: the public half of the workers' current key, for the operators' machines
// that seal seeds, PINs and passcodes to it without holding the private key (EA_WORKER_PUBLIC_KEY).
// Read where the worker reads its keys, so it is run where a worker runs.
import { loadWorkerKeyRing } from '../../worker/codec/worker-key.js';
import { ownerOnlyDataDir } from '../../worker/data-dir.js';

export function printWorkerPublicKey({ json }: { json?: boolean }, env: NodeJS.ProcessEnv = process.env): number {
  let current;
  try {
    current = loadWorkerKeyRing(env, ownerOnlyDataDir(env)).current;
  } catch (error) {
    console.error((error as Error).message);
    return 1;
  }
  const publicKey = Buffer.from(current.publicKey).toString('base64');
  if (json) console.log(JSON.stringify({ publicKey, keyId: current.id }));
  // One assignment, so `export "$(npx ea worker --public-key)"` sets it.
  else console.log(`EA_WORKER_PUBLIC_KEY=${publicKey}`);
  return 0;
}
