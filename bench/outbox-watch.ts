// When each message landed: the outbox file's mtime is the moment its content was written (the
// rename into place keeps it), so no watcher has to keep up with a burst. Names end in
// `-<messageId>.eml` and message ids start with `<serial>-`.
import { readdir, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';

const STAMP_LENGTH = '2025-01-01T00-00-00.000Z'.length;

export interface Delivery {
  atMs: number;
  bytes: number;
}

export async function emlFiles(dir: string): Promise<string[]> {
  try {
    return (await readdir(dir))
      .filter((name) => name.endsWith('.eml') && !name.startsWith('.'))
      .map((name) => join(dir, name));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

export async function waitForFiles(dir: string, count: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const have = (await emlFiles(dir)).length;
    if (have >= count) return;
    if (Date.now() > deadline)
      throw new Error(`only ${have} of ${count} messages reached ${dir} within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Resolves once no message has landed for `quietMs`: the notices that set-up work sends (EA started,
 * ended) are out, so they do not compete with what is measured next.
 */
export async function waitForQuiet(dir: string, quietMs: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let count = -1;
  let since = Date.now();
  while (Date.now() - since < quietMs) {
    if (Date.now() > deadline) throw new Error(`messages kept landing in ${dir} for ${timeoutMs / 1000} s`);
    const now = (await emlFiles(dir)).length;
    if (now !== count) [count, since] = [now, Date.now()];
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Serial → when its message was written, and its size. */
export async function deliveries(files: string[]): Promise<Map<string, Delivery>> {
  const result = new Map<string, Delivery>();
  for (const file of files) {
    const info = await stat(file);
    result.set(
      basename(file)
        .slice(STAMP_LENGTH + 1)
        .split('-')[0]!,
      { atMs: info.mtimeMs, bytes: info.size },
    );
  }
  return result;
}
