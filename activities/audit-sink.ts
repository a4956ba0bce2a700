// The append-only JSON-lines audit trail for a SIEM (spec §6). Delivery to it is at least once:
// every record has a unique id (`<serial>:<seq>`) so a consumer can drop repeats.
import { join } from 'node:path';
import type { WorkflowInfo } from '@temporalio/workflow';
import type { InjectedSinks } from '@temporalio/worker';
import type { AuditRecord } from '../domain/types.js';
import type { AuditSinks } from '../workflows/audit-export.js';
import { AuditFile } from './audit-file.js';

export const AUDIT_FILE = 'audit.jsonl';
const FIRST_DELAY_MS = 25;
const MAX_DELAY_MS = 5_000;
/** A disk that stays full is said in the worker log now and then, not on every retry. */
const LOG_EVERY = 20;

/** The data folder's audit trail. */
export const auditFileIn = (dataDir: string) => new AuditFile(join(dataDir, AUDIT_FILE));

/** The export as an activity: what token workflows started before the quick path still call. */
export function createAuditSink(file: AuditFile) {
  return {
    async exportAudit(records: AuditRecord[]): Promise<void> {
      await file.append(records);
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
export function createAuditSinks(file: AuditFile): InjectedSinks<AuditSinks> {
  return {
    audit: {
      export: {
        async fn(_info: WorkflowInfo, records: AuditRecord[]) {
          for (let attempt = 1; ; attempt++) {
            try {
              return await file.append(records);
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
