// Where the payload encryption keys come from (product spec §5):
//   EA_ENCRYPTION_KEYS=id:base64,…  rotation; the first key encrypts, all of them decrypt
//   EA_ENCRYPTION_KEY=base64         one key
//   <data>/encryption.key            created once (exclusively, mode 0600) for a single machine
// A remote Temporal server must not be paired with a key file nobody else has: there the
// environment variable is required.
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface EncryptionKey {
  id: string;
  key: Buffer;
}

export interface KeyRing {
  /** The key new payloads are encrypted with. */
  current: EncryptionKey;
  byId: Map<string, EncryptionKey>;
  source: 'EA_ENCRYPTION_KEYS' | 'EA_ENCRYPTION_KEY' | 'key-file';
}

export const KEY_FILE_NAME = 'encryption.key';

function decodeKey(base64: string, where: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== 32)
    throw new Error(`${where}: an encryption key is 32 random bytes in base64 (got ${key.length} bytes)`);
  return key;
}

/** Keys without an explicit id are named by a fingerprint, so rotating keeps old ids stable. */
function fingerprint(key: Buffer): string {
  return createHash('sha256').update(key).digest('hex').slice(0, 12);
}

export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return true;
  const bracketed = /^\[([^\]]+)\]/.exec(address);
  const host = bracketed?.[1] ?? address.replace(/:\d+$/, '');
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}

function ring(keys: EncryptionKey[], source: KeyRing['source']): KeyRing {
  const [current] = keys;
  if (!current) throw new Error(`${source} names no key`);
  return { current, byId: new Map(keys.map((k) => [k.id, k])), source };
}

function readOrCreateKeyFile(dataDir: string): Buffer {
  const path = join(dataDir, KEY_FILE_NAME);
  mkdirSync(dataDir, { recursive: true });
  try {
    writeFileSync(path, randomBytes(32).toString('base64') + '\n', { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return decodeKey(readFileSync(path, 'utf8'), path);
}

export function loadKeyRing(env: NodeJS.ProcessEnv, dataDir: string): KeyRing {
  if (env.EA_ENCRYPTION_KEYS) {
    const keys = env.EA_ENCRYPTION_KEYS.split(',').map((entry, index) => {
      const separator = entry.indexOf(':');
      if (separator < 1) throw new Error(`EA_ENCRYPTION_KEYS entry ${index + 1} is not id:base64`);
      return {
        id: entry.slice(0, separator).trim(),
        key: decodeKey(entry.slice(separator + 1), `EA_ENCRYPTION_KEYS entry ${index + 1}`),
      };
    });
    return ring(keys, 'EA_ENCRYPTION_KEYS');
  }
  if (env.EA_ENCRYPTION_KEY) {
    const key = decodeKey(env.EA_ENCRYPTION_KEY, 'EA_ENCRYPTION_KEY');
    return ring([{ id: fingerprint(key), key }], 'EA_ENCRYPTION_KEY');
  }
  if (!isLoopbackAddress(env.TEMPORAL_ADDRESS)) {
    throw new Error(
      `EA_ENCRYPTION_KEY is required when TEMPORAL_ADDRESS (${env.TEMPORAL_ADDRESS}) is not a loopback address: ` +
        'every worker and client must share the key. Generate one with `openssl rand -base64 32`.',
    );
  }
  const key = readOrCreateKeyFile(dataDir);
  return ring([{ id: fingerprint(key), key }], 'key-file');
}
