// The append-only JSON-lines audit trail for a SIEM (spec §6). Delivery to it is at least once:
// every record has a unique id (`<serial>:<seq>`) so a consumer can drop repeats.
import { appendFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WorkflowInfo } from '@temporalio/workflow';
import type { InjectedSinks } from '@temporalio/worker';
import type { AuditRecord } from '../domain/types.js';
import type { AuditSinks } from '../workflows/audit-export.js';

export const AUDIT_FILE = 'audit.jsonl';
const FIRST_DELAY_MS = 25;
const MAX_DELAY_MS = 5_000;
/** A disk that stays full is said in the worker log now and then, not on every retry. */
const LOG_EVERY = 20;

function appendRecords(path: string, records: AuditRecord[]): Promise<void> {
  // One write of whole lines: O_APPEND keeps concurrent workers' lines intact.
  return appendFile(path, records.map((record) => JSON.stringify(record)).join('\n') + '\n', {
    flag: 'a',
    mode: 0o600,
  });
}

/** The export as an activity: what token workflows started before the quick path still call. */
export function createAuditSink(dataDir: string) {
  const path = join(dataDir, AUDIT_FILE);
  return {
    async exportAudit(records: AuditRecord[]): Promise<void> {
      if (records.length > 0) await appendRecords(path, records);
    },
  };
}

/**
 * The export as a Temporal sink: the worker appends the records after the workflow activation that
 * made them and before it reports the workflow task done, with no history event or server round
 * trip. A task that is retried exports again (a repeat the ids let consumers drop); replays do not.
 * A write the disk refuses is retried, with backoff, until it lands: the task stays open meanwhile,
 * so a worker that dies waiting leaves the task to be retried, and its records with it. Never
 * dropped, at least once.
 */
export function createAuditSinks(dataDir: string): InjectedSinks<AuditSinks> {
  const path = join(dataDir, AUDIT_FILE);
  return {
    audit: {
      export: {
        async fn(_info: WorkflowInfo, records: AuditRecord[]) {
          for (let attempt = 1; ; attempt++) {
            try {
              return await appendRecords(path, records);
            } catch (error) {
              if (attempt === 1 || attempt % LOG_EVERY === 0)
                console.error(
                  `audit records ${records.map((r) => r.id).join(', ')} not yet exported (attempt ${attempt}, retrying): ${String(error)}`,
                );
              await new Promise((resolve) =>
                setTimeout(resolve, Math.min(FIRST_DELAY_MS * 2 ** attempt, MAX_DELAY_MS)),
              );
            }
          }
        },
        callDuringReplay: false,
      },
    },
  };
}
