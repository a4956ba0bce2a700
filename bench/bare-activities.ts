// The bare workflow's one activity: the same delivery I/O as the product's outbox (an owner-only
// temp file renamed into place) with a body of the same size, and nothing else.
import { randomUUID } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export function createBareActivities(dir: string) {
  return {
    async writeBareMessage(request: { messageId: string; bytes: number }): Promise<void> {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const temp = join(dir, `.${request.messageId}.${randomUUID()}.tmp`);
      await writeFile(temp, Buffer.alloc(request.bytes, 'x'), { mode: 0o600 });
      await rename(temp, join(dir, `${new Date().toISOString().replaceAll(':', '-')}-${request.messageId}.eml`));
    },
  };
}

export type BareActivities = ReturnType<typeof createBareActivities>;
