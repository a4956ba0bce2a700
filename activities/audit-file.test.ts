import { mkdtempSync, readFileSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../domain/types.js';
import { AuditFile } from './audit-file.js';

const record = (seq: number) => ({ id: `T1:${seq}`, at: new Date(seq).toISOString() }) as unknown as AuditRecord;
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean);

describe('the audit file', () => {
  it('appends whole lines from many concurrent writers, owner-only', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ea-audit-')), 'audit.jsonl');
    const file = new AuditFile(path);
    await Promise.all(Array.from({ length: 200 }, (_, i) => file.append([record(2 * i), record(2 * i + 1)])));
    file.close();
    const seen = lines(path).map((line) => (JSON.parse(line) as { id: string }).id);
    expect(seen.sort()).toEqual(Array.from({ length: 400 }, (_, i) => `T1:${i}`).sort());
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('follows a trail rotated by renaming within a second', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ea-audit-'));
    const path = join(dir, 'audit.jsonl');
    const file = new AuditFile(path);
    await file.append([record(1)]);
    renameSync(path, join(dir, 'audit.jsonl.1'));
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await file.append([record(2)]);
    file.close();
    expect(lines(join(dir, 'audit.jsonl.1'))).toHaveLength(1);
    expect(lines(path).map((line) => (JSON.parse(line) as { id: string }).id)).toEqual(['T1:2']);
  });

  it('writes nothing for no records', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'ea-audit-')), 'audit.jsonl');
    await new AuditFile(path).append([]);
    expect(() => statSync(path)).toThrow();
  });
});
