// The data folder: SQLite database of the embedded server, key files, outbox, audit log. It holds
// codes, keys and user data, so it is the owner's alone: folders 0700, files 0600.
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';

const FOLDER_MODE = 0o700;
const FILE_MODE = 0o600;

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

/** The data folder, created owner-only if need be. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = dataDirPath(env);
  mkdirSync(dir, { recursive: true, mode: FOLDER_MODE });
  return dir;
}

/**
 * For the processes that write the folder (server, worker, `ea start`): the data folder, with what
 * an older version or a default umask left readable by others made owner-only, and a umask that
 * keeps it so for every file this process and its children (the dev server's SQLite files)
 * create.
 */
export function ownerOnlyDataDir(env: NodeJS.ProcessEnv = process.env): string {
  process.umask(0o077);
  const dir = dataDir(env);
  chmodSync(dir, FOLDER_MODE);
  restrict(dir);
  return dir;
}

/** Folders and plain files below `dir`; symbolic links are not followed, and what vanished meanwhile needs nothing. */
function restrict(dir: string): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    try {
      if (entry.isDirectory()) {
        chmodSync(path, FOLDER_MODE);
        restrict(path);
      } else if (entry.isFile()) chmodSync(path, FILE_MODE);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
}
