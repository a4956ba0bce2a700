// The data folder: SQLite database of the embedded server, key files, outbox, audit log.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

/** Where the data folder is (`EA_DATA_DIR`, default `./data`), absolute; nothing is created. */
export function dataDirPath(env: NodeJS.ProcessEnv = process.env): string {
  return resolve(env.EA_DATA_DIR ?? 'data');
}

/**
 * Resolves the data folder once, at start-up, and writes the absolute path back to `EA_DATA_DIR`:
 * every later reader in this process and every child it starts (the worker of `ea start`) then
 * names the same folder, whatever the working directory has become meanwhile.
 */
export function pinDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = dataDirPath(env);
  env.EA_DATA_DIR = dir;
  return dir;
}

/** The data folder, created if need be. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = dataDirPath(env);
  mkdirSync(dir, { recursive: true });
  return dir;
}
