import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { createAuditSink } from '../activities/audit-sink.js';
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
  await createAuditSink(dataDir).exportAudit(written);
  expect(await feeds.auditFeed()).toEqual(written);
  expect(await feeds.auditFeed('2026-03-01T10:00:00.000Z')).toEqual([written[1]]);
});
