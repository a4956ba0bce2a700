// What a user received, as the delivery tests read it: the mails a token workflow sent (its
// Message-IDs start with the serial) to the SMTP receiver or to the outbox, found by subject, and
// the codes in a body.
import { readFile } from 'node:fs/promises';
import { simpleParser, type ParsedMail } from 'mailparser';
import { expect } from 'vitest';
import { listOutbox } from '../../activities/delivery/outbox.js';
import type { SmtpReceiver } from '../../activities/delivery/testing/smtp-receiver.js';

/** Every mail the token's workflow sent, in arrival order. */
export function mailsFor(receiver: SmtpReceiver, serial: string): ParsedMail[] {
  return receiver.inbox.filter((mail) => mail.messageId?.startsWith(`<${serial}-`));
}

/** Waits (polling, with a deadline) until exactly one mail of the token has a subject matching `subject`. */
export async function oneMail(
  receiver: SmtpReceiver,
  serial: string,
  subject: RegExp | undefined,
  timeout = 20_000,
): Promise<ParsedMail> {
  const matching = () =>
    mailsFor(receiver, serial).filter((mail) =>
      subject ? subject.test(mail.subject ?? '') : mail.subject === undefined,
    );
  await expect.poll(() => matching().length, { timeout, interval: 100 }).toBeGreaterThan(0);
  expect(matching(), `mails for ${serial} matching ${String(subject)}`).toHaveLength(1);
  return matching()[0]!;
}

/** The token's messages in `<dataDir>/outbox`, parsed like received mail, oldest first. */
export async function outboxMailsFor(dataDir: string, serial: string): Promise<ParsedMail[]> {
  const mails = await Promise.all(
    (await listOutbox(dataDir)).map(async (entry) => simpleParser(await readFile(entry.file))),
  );
  return mails.filter((mail) => mail.messageId?.startsWith(`<${serial}-`));
}

// Codes in the policy's default format (8 letters and digits) stand on lines of their own in mail
// bodies; an SMS starts with its on-demand code or lists codes one per line.
const CODE_LINE = /^[A-Za-z0-9]{8}$/;

export function codesIn(text: string | undefined): string[] {
  return (text ?? '')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => CODE_LINE.test(line));
}

/** Neither the subject nor any header but the body carries a code (lock screens show subjects). */
export function expectNoSecretInSubject(mail: ParsedMail, codes: string[]): void {
  expect(codes.length).toBeGreaterThan(0);
  for (const code of codes) expect(mail.subject ?? '').not.toContain(code);
}
