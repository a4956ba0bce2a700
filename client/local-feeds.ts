// The feeds the worker writes as files in the data folder: the outbox (messages held as files when
// no SMTP server or SMS provider is configured) and the audit sink's JSON lines (the SIEM feed).
// Read from the files, not from Temporal, so a client sees them only if it shares that folder.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AUDIT_FILE } from '../activities/audit-sink.js';
import { listOutbox } from '../activities/delivery/outbox.js';
import type { AuditRecord } from '../domain/types.js';
import type { EaService, OutboxMessage } from './ea-service.js';

export class LocalFeeds implements Pick<EaService, 'outbox' | 'auditFeed'> {
  constructor(private readonly dataDir: string) {}

  outbox(): Promise<OutboxMessage[]> {
    return listOutbox(this.dataDir);
  }

  /** Newest last; with `since`, only the records after it. An unreadable feed (none yet) is empty. */
  async auditFeed(since?: string): Promise<AuditRecord[]> {
    let text: string;
    try {
      text = await readFile(join(this.dataDir, AUDIT_FILE), 'utf8');
    } catch {
      return [];
    }
    // Whole lines only: a line the worker was writing when it died (torn, no newline) is not a record.
    const records = text
      .split('\n')
      .slice(0, -1)
      .flatMap((line) => recordOf(line));
    return since ? records.filter((r) => r.at > since) : records;
  }
}

/** A torn line that later appends ran on into does not parse: skipped, so the rest stays readable. */
function recordOf(line: string): AuditRecord[] {
  if (line === '') return [];
  try {
    return [JSON.parse(line) as AuditRecord];
  } catch {
    return [];
  }
}
