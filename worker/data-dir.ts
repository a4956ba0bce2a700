// The data folder: SQLite database of the embedded server, key files, outbox, audit log.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where the data folder is (`EA_DATA_DIR`, default `./data`), absolute; nothing is created. */
export function dataDirPath(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.EA_DATA_DIR ?? 'data');
}

/** The data folder, created if need be. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = dataDirPath(env);
  mkdirSync(dir, { recursive: true });
  return dir;
}
