// The append-only JSON-lines audit trail for a SIEM (spec §6). Delivery to it is at least once:
// every record has a unique id (`<serial>:<seq>`) so a consumer can drop repeats.
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { AuditRecord } from '../domain/types.js';

export const AUDIT_FILE = 'audit.jsonl';

export function createAuditSink(dataDir: string) {
  const path = join(dataDir, AUDIT_FILE);
  return {
    async exportAudit(records: AuditRecord[]): Promise<void> {
      if (records.length === 0) return;
      // One write of whole lines: O_APPEND keeps concurrent workers' lines intact.
      await appendFile(path, records.map((record) => JSON.stringify(record)).join('\n') + '\n', { flag: 'a' });
    },
  };
}
