import { appendFileSync, mkdirSync, mkdtempSync, rmSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { WorkflowInfo } from '@temporalio/workflow';
import { AUDIT_FILE, auditFileIn, createAuditSink, createAuditSinks } from '../activities/audit-sink.js';
import type { AuditRecord } from '../domain/types.js';
import { LocalFeeds } from './local-feeds.js';

let dataDir: string;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'ea-feeds-'));
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const record = (seq: number, at: string): AuditRecord => ({
  id: `T1:${seq}`,
  at,
  serial: 'T1',
  user: 'ann',
  actor: 'op',
  origin: 'operator',
  type: 'token-unlocked',
  outcome: 'ok',
  reason: null,
});

it('reads the audit feed the worker writes, oldest first, and after an instant with since', async () => {
  const feeds = new LocalFeeds(dataDir);
  expect(await feeds.auditFeed()).toEqual([]);
  const written = [record(1, '2026-03-01T10:00:00.000Z'), record(2, '2026-03-01T11:00:00.000Z')];
  await createAuditSink(auditFileIn(dataDir)).exportAudit(written);
  expect(await feeds.auditFeed()).toEqual(written);
  expect(await feeds.auditFeed('2026-03-01T10:00:00.000Z')).toEqual([written[1]]);
});

it('skips a torn last line (a write cut short by a crash) instead of failing the whole feed', async () => {
  const written = [record(1, '2026-03-01T10:00:00.000Z'), record(2, '2026-03-01T11:00:00.000Z')];
  await createAuditSink(auditFileIn(dataDir)).exportAudit(written);
  appendFileSync(join(dataDir, AUDIT_FILE), '{"id":"T1:3","at":"2026-03-01T12:0');
  expect(await new LocalFeeds(dataDir).auditFeed()).toEqual(written);
});

it('the sink retries a refused write until it lands: no record is dropped', async () => {
  const written = [record(1, '2026-03-01T10:00:00.000Z')];
  const path = join(dataDir, AUDIT_FILE);
  mkdirSync(path); // appending to a folder fails (EISDIR) until it is gone
  const sink = createAuditSinks(auditFileIn(dataDir)).audit.export;
  const exported = sink.fn({} as WorkflowInfo, written);
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  rmdirSync(path);
  await exported;
  expect(await new LocalFeeds(dataDir).auditFeed()).toEqual(written);
});
