// The sink workflows hand their new audit records to (see activities/audit-sink.ts).
import { proxySinks, type Sinks } from '@temporalio/workflow';
import type { AuditRecord } from '../domain/types.js';

export interface AuditSinks extends Sinks {
  audit: {
    export(records: AuditRecord[]): void;
  };
}

export const { audit: auditExport } = proxySinks<AuditSinks>();
