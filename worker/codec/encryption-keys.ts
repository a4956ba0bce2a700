// The payload encryption key ring (product spec §5), from key-material.ts's sources:
//   EA_ENCRYPTION_KEYS=id:base64,…  rotation; the first key encrypts, all of them decrypt
//   EA_ENCRYPTION_KEY=base64         one key
//   <data>/encryption.key            created once (exclusively, mode 0600) for a single machine
import { createHash } from 'node:crypto';
import { loadKeyMaterial, ringOf, type KeyRingOf, type KeySource } from './key-material.js';

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

/** `current` is the key new payloads are encrypted with. */
export type KeyRing = KeyRingOf<EncryptionKey, 'EA_ENCRYPTION_KEYS' | 'EA_ENCRYPTION_KEY' | 'key-file'>;

export const KEY_FILE_NAME = 'encryption.key';

const PAYLOAD_KEY: KeySource<'EA_ENCRYPTION_KEYS', 'EA_ENCRYPTION_KEY'> = {
  listVariable: 'EA_ENCRYPTION_KEYS',
  variable: 'EA_ENCRYPTION_KEY',
  fileName: KEY_FILE_NAME,
  what: 'payload encryption key',
  idOf: (key) => createHash('sha256').update(key).digest('hex').slice(0, 12),
};

export function loadKeyRing(env: NodeJS.ProcessEnv, dataDir: string): KeyRing {
  const { keys, source } = loadKeyMaterial(env, dataDir, PAYLOAD_KEY);
  return ringOf(
    keys.map(({ id, bytes }) => ({ id, key: bytes })),
    source,
  );
}
