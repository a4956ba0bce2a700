// The data folder: SQLite database of the embedded server, key file, outbox, audit log.
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';

export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = resolve(env.EA_DATA_DIR ?? 'data');
  mkdirSync(dir, { recursive: true });
  return dir;
}
