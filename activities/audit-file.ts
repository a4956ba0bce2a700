// The audit trail's file (`audit.jsonl`), appended to through one open handle. Opening, writing and
// closing for every workflow activation cost three trips through libuv's thread pool on the path of
// every authentication's answer; one write now. The handle is replaced when it is older than a
// second, so a trail rotated by renaming is followed within a second. Opened for appending (O_APPEND),
// so each batch of whole lines lands at the end, however many workers share the file.
import { open, type FileHandle } from 'node:fs/promises';
import type { AuditRecord } from '../domain/types.js';

const REOPEN_AFTER_MS = 1_000;

interface OpenedHandle {
  handle: Promise<FileHandle>;
  openedAt: number;
  writing: number;
  retired: boolean;
}

export class AuditFile {
  private current: OpenedHandle | null = null;

  constructor(readonly path: string) {}

  /** Appends the records as JSON lines; a failed write is thrown, and the next one opens afresh. */
  async append(records: AuditRecord[]): Promise<void> {
    if (records.length === 0) return;
    const lines = records.map((record) => JSON.stringify(record)).join('\n') + '\n';
    const opened = this.acquire();
    try {
      await (await opened.handle).appendFile(lines);
    } catch (error) {
      this.retire(opened);
      throw error;
    } finally {
      opened.writing--;
      this.closeIfDone(opened);
    }
  }

  /** Closes the handle once the writes on it are done. */
  close(): void {
    if (this.current) this.retire(this.current);
  }

  private acquire(): OpenedHandle {
    const now = Date.now();
    if (this.current && now - this.current.openedAt > REOPEN_AFTER_MS) this.retire(this.current);
    this.current ??= { handle: open(this.path, 'a', 0o600), openedAt: now, writing: 0, retired: false };
    this.current.writing++;
    return this.current;
  }

  private retire(opened: OpenedHandle): void {
    opened.retired = true;
    if (this.current === opened) this.current = null;
    this.closeIfDone(opened);
  }

  private closeIfDone(opened: OpenedHandle): void {
    if (opened.retired && opened.writing === 0) opened.handle.then((handle) => handle.close()).catch(() => {}); // an open that failed has nothing to close
  }
}
