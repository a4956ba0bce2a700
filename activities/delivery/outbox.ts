// The outbox: `<dataDir>/outbox/*.eml`, where mail and SMS go when no SMTP server or SMS provider is
// configured, and which the dashboard and CLI list. One file per message id: a retried delivery
// rewrites its file instead of adding a second one.
import { randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Channel } from '../../domain/types.js';

export interface OutboxEntry {
  /** Absolute path of the `.eml` file. */
  file: string;
  at: string;
  to: string;
  subject: string;
  channel: Channel;
}

/** Header that tells the listing an SMS from an e-mail. */
export const CHANNEL_HEADER = 'X-EA-Channel';

// File names are `<ISO time with - for :>-<message id>.eml`; the stamp has a fixed width.
const STAMP_LENGTH = '2025-01-01T00-00-00.000Z'.length;
const HEADER_BYTES = 64 * 1024;
const READ_BATCH = 64;

export function outboxDir(dataDir: string): string {
  return join(dataDir, 'outbox');
}

/**
 * Writes a message atomically (temp file + rename) and returns its path. `queuedAt`, when the
 * workflow queued the message, names the file, so a retry rewrites it without reading the folder;
 * a message without it (from runs that predate it) is looked for by id, one scan of the folder.
 */
export async function writeOutboxMessage(
  dataDir: string,
  messageId: string,
  raw: string | Buffer,
  queuedAt?: string,
): Promise<string> {
  const dir = outboxDir(dataDir);
  const id = messageId.replace(/[^A-Za-z0-9._-]/g, '_');
  const existing = queuedAt
    ? undefined
    : (await namesIn(dir)).find((name) => name.endsWith('.eml') && name.slice(STAMP_LENGTH + 1, -'.eml'.length) === id);
  const file = join(dir, existing ?? `${(queuedAt ?? new Date().toISOString()).replaceAll(':', '-')}-${id}.eml`);
  // Dot-named temp files are skipped by the listing; the outbox holds codes, so owner-only.
  const temp = join(dir, `.${id}.${randomUUID()}.tmp`);
  try {
    await writeNew(temp, raw);
    await rename(temp, file);
  } catch (error) {
    // The write's own error says what went wrong; a failed clean-up would only hide it.
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  return file;
}

/** The folder is made on the first write that finds it missing, not checked on every write. */
async function writeNew(file: string, raw: string | Buffer): Promise<void> {
  try {
    await writeFile(file, raw, { mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, raw, { mode: 0o600 });
  }
}

async function namesIn(dir: string): Promise<string[]> {
  try {
    return await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/** Every message in the outbox, newest last, read from its headers only. */
export async function listOutbox(dataDir: string): Promise<OutboxEntry[]> {
  const dir = outboxDir(dataDir);
  const names = (await namesIn(dir)).filter((name) => name.endsWith('.eml') && !name.startsWith('.'));
  const entries: OutboxEntry[] = [];
  // In batches, so a large outbox does not open thousands of files at once.
  for (let i = 0; i < names.length; i += READ_BATCH) {
    const batch = await Promise.all(names.slice(i, i + READ_BATCH).map((name) => readEntry(dir, name)));
    for (const entry of batch) if (entry) entries.push(entry);
  }
  return entries.sort((a, b) => a.at.localeCompare(b.at) || a.file.localeCompare(b.file));
}

async function readEntry(dir: string, name: string): Promise<OutboxEntry | null> {
  const file = join(dir, name);
  let head: string;
  try {
    const handle = await open(file, 'r');
    try {
      const { buffer, bytesRead } = await handle.read(Buffer.alloc(HEADER_BYTES), 0, HEADER_BYTES, 0);
      head = buffer.subarray(0, bytesRead).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (error) {
    // Removed since the directory was read.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  const headers = parseHeaders(head);
  const date = new Date(headers.get('date') ?? '');
  const at = Number.isNaN(date.getTime()) ? stampTime(name) : date.toISOString();
  const channel: Channel = headers.get(CHANNEL_HEADER.toLowerCase()) === 'sms' ? 'sms' : 'email';
  return { file, at, to: headers.get('to') ?? '', subject: headers.get('subject') ?? '', channel };
}

/** The header block up to the first empty line, folded lines joined, encoded words decoded. */
function parseHeaders(head: string): Map<string, string> {
  const headers = new Map<string, string>();
  let last: string | null = null;
  for (const line of head.split(/\r?\n/)) {
    if (line === '') break;
    if (/^[ \t]/.test(line) && last) {
      headers.set(last, `${headers.get(last)} ${line.trim()}`);
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const key = line.slice(0, colon).trim().toLowerCase();
    // The first occurrence wins; a repeated header and its folded lines are skipped.
    last = headers.has(key) ? null : key;
    if (last) headers.set(last, line.slice(colon + 1).trim());
  }
  for (const [key, value] of headers) headers.set(key, decodeEncodedWords(value));
  return headers;
}

/** RFC 2047 `=?utf-8?B|Q?…?=`, which nodemailer writes for non-ASCII subjects. */
function decodeEncodedWords(value: string): string {
  return value.replace(/=\?[^?]+\?([BbQq])\?([^?]*)\?=(?:\s+(?==\?))?/g, (_, encoding: string, text: string) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text
            .replace(/_/g, ' ')
            .replace(/=([0-9A-Fa-f]{2})/g, (__, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

/** The time in a file name, for a message without a readable Date header. */
function stampTime(name: string): string {
  return name.slice(0, STAMP_LENGTH).replace(/T(\d\d)-(\d\d)-(\d\d)/, 'T$1:$2:$3');
}
