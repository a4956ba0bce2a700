// Where 32-byte secret keys come from, for the payload key ring and the workers' key ring alike:
//   <LIST>=id:base64,…  rotation: the first key is current, all of them are kept
//   <ONE>=base64         one key
//   <data>/<file>        created once (exclusively and atomically, mode 0600) for a single machine
// A Temporal server that is not on this machine (TEMPORAL_ADDRESS, or the address a TEMPORAL_PROFILE /
// TEMPORAL_CONFIG_FILE names) must not be paired with a key file nobody else has: there the
// environment variables are required.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { isLoopbackAddress, loadConnectConfig } from '../connection-config.js';
import { readOrCreateSecretFile } from '../secret-file.js';

export const KEY_BYTES = 32;

export interface KeyMaterial {
  id: string;
  bytes: Buffer;
}

export interface KeySource<List extends string, One extends string> {
  listVariable: List;
  variable: One;
  fileName: string;
  /** What the key is for, in messages: "payload encryption key". */
  what: string;
  /** The id of a key given without one (a fingerprint, so rotating keeps old ids stable). */
  idOf(bytes: Buffer): string;
}

/** Keys by id, and the one new material is encrypted with or sealed to. */
export interface KeyRingOf<K extends { id: string }, Source> {
  current: K;
  byId: Map<string, K>;
  source: Source;
}

/** A ring of `keys`, the first current; loadKeyMaterial never yields none. */
export function ringOf<K extends { id: string }, Source>(keys: readonly K[], source: Source): KeyRingOf<K, Source> {
  return { current: keys[0]!, byId: new Map(keys.map((k) => [k.id, k])), source };
}

export interface LoadedKeys<List extends string, One extends string> {
  /** The current key first. */
  keys: [KeyMaterial, ...KeyMaterial[]];
  source: List | One | 'key-file';
}

export function decodeKey(base64: string, where: string): Buffer {
  const key = Buffer.from(base64.trim(), 'base64');
  if (key.length !== KEY_BYTES)
    throw new Error(`${where}: a key is ${KEY_BYTES} random bytes in base64 (got ${key.length} bytes)`);
  return key;
}

function parseList(value: string, variable: string): [KeyMaterial, ...KeyMaterial[]] {
  const keys = value.split(',').map((entry, index) => {
    const separator = entry.indexOf(':');
    if (separator < 1) throw new Error(`${variable} entry ${index + 1} is not id:base64`);
    return {
      id: entry.slice(0, separator).trim(),
      bytes: decodeKey(entry.slice(separator + 1), `${variable} entry ${index + 1}`),
    };
  });
  const ids = keys.map((k) => k.id);
  const repeated = ids.find((id, index) => ids.indexOf(id) !== index);
  if (repeated !== undefined) throw new Error(`${variable} names key id "${repeated}" twice`);
  return keys as [KeyMaterial, ...KeyMaterial[]];
}

export function loadKeyMaterial<List extends string, One extends string>(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  source: KeySource<List, One>,
): LoadedKeys<List, One> {
  const list = env[source.listVariable];
  if (list) return { keys: parseList(list, source.listVariable), source: source.listVariable };
  const one = env[source.variable];
  if (one) {
    const bytes = decodeKey(one, source.variable);
    return { keys: [{ id: source.idOf(bytes), bytes }], source: source.variable };
  }
  const address = loadConnectConfig(env).connectionOptions.address;
  if (!isLoopbackAddress(address)) {
    throw new Error(
      `${source.variable} is required (or ${source.listVariable}): the Temporal server ${address} is not on this machine, ` +
        `so every worker and client must share the ${source.what} instead of making one of its own. ` +
        `Generate one with \`openssl rand -base64 32\`.`,
    );
  }
  const path = join(dataDir, source.fileName);
  const { text } = readOrCreateSecretFile(path, () => `${randomBytes(KEY_BYTES).toString('base64')}\n`);
  const bytes = decodeKey(text, path);
  return { keys: [{ id: source.idOf(bytes), bytes }], source: 'key-file' };
}
