// Files that hold secrets (keys, tokens): mode 0600 in a folder of mode 0700, created exclusively
// and atomically. The text is written aside and linked into place: link(2) fails if the name
// exists, so an existing secret is never replaced, and a reader never sees a half-written file (as
// an exclusive create followed by a write would let it).
import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

export const SECRET_FILE_MODE = 0o600;
export const SECRET_FOLDER_MODE = 0o700;

/** Writes `text` to `path` unless something is there already; false when it was. */
export function createSecretFile(path: string, text: string): boolean {
  const target = resolve(path);
  mkdirSync(dirname(target), { recursive: true, mode: SECRET_FOLDER_MODE });
  const aside = join(dirname(target), `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  writeFileSync(aside, text, { flag: 'wx', mode: SECRET_FILE_MODE });
  try {
    linkSync(aside, target);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    // A file system without hard links: an exclusive create is the next best thing.
    try {
      writeFileSync(target, text, { flag: 'wx', mode: SECRET_FILE_MODE });
      return true;
    } catch (fallback) {
      if ((fallback as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fallback;
    }
  } finally {
    unlinkSync(aside);
  }
}

/**
 * The text of the secret file at `path`; when there is none, `make()` is written there first
 * (exclusively, so a file another process wrote meanwhile is read, not replaced).
 */
export function readOrCreateSecretFile(path: string, make: () => string): { text: string; created: boolean } {
  const created = createSecretFile(path, make());
  return { text: readFileSync(path, 'utf8'), created };
}

/** What is wrong with the permissions of the secret file at `path` (readable by others), or null. */
export function looseSecretFile(path: string): string | null {
  const mode = statSync(path).mode & 0o777;
  return mode & 0o077 ? `${path} has mode 0${mode.toString(8)}: others may read it (\`chmod 600 ${path}\`)` : null;
}
