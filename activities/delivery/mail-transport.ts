// E-mail out: one pooled SMTP transporter per worker process when EA_SMTP_URL is set, otherwise
// nodemailer composes the message and it goes to the outbox as an `.eml` file (product spec §7).
import { createTransport } from 'nodemailer';
import type { Channel } from '../../domain/types.js';
import type { DeliveryConfig } from './config.js';
import { mailFailure } from './delivery-failures.js';
import { messageIdHeader } from './message-id.js';
import { CHANNEL_HEADER, outboxDir, writeOutboxMessage } from './outbox.js';

export interface OutgoingMail {
  /** The workflow's deterministic id; becomes the Message-ID. */
  messageId: string;
  /** When the workflow queued it; names the outbox file. */
  queuedAt?: string;
  to: string;
  /** Recorded in the message so the outbox tells e-mail from gateway SMS. */
  channel: Channel;
  subject?: string;
  text: string;
  html?: string;
}

export interface MailTransport {
  readonly kind: 'smtp' | 'outbox';
  /** Resolves once the server or the outbox accepted the message; throws permanent failures as non-retryable. */
  send(mail: OutgoingMail): Promise<void>;
  close(): Promise<void>;
}

// Well under the delivery activity's 2-minute start-to-close timeout, so a silent server fails
// the attempt with a clear error (and Temporal retries) instead of the timeout cutting it off.
// Logging stays off: nodemailer's debug log would print message bodies, which hold codes.
const SMTP_OPTIONS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000, logger: false };

export function createMailTransport(config: DeliveryConfig): MailTransport {
  return config.smtpUrl
    ? createSmtpTransport(config.smtpUrl, config.from)
    : createOutboxTransport(config.dataDir, config.from);
}

function compose(mail: OutgoingMail, from: string) {
  const { to, subject, text, html } = mail;
  return {
    from,
    to,
    subject,
    text,
    html,
    messageId: messageIdHeader(mail.messageId, from),
    headers: { [CHANNEL_HEADER]: mail.channel },
  };
}

function createSmtpTransport(url: string, from: string): MailTransport {
  const transporter = createTransport({ url, pool: true, ...SMTP_OPTIONS });
  return {
    kind: 'smtp',
    async send(mail) {
      try {
        const info = await transporter.sendMail(compose(mail, from));
        // A server that refuses some recipients still accepts the message: nodemailer does not throw.
        if (info.rejected.length > 0) {
          throw (
            info.rejectedErrors?.[0] ??
            Object.assign(new Error(`recipient ${mail.to} was rejected`), { code: 'EENVELOPE' })
          );
        }
      } catch (error) {
        throw mailFailure(error);
      }
    },
    async close() {
      transporter.close();
    },
  };
}

export function createOutboxTransport(dataDir: string, from: string): MailTransport {
  const composer = createTransport({ streamTransport: true, buffer: true });
  return {
    kind: 'outbox',
    async send(mail) {
      const { message } = await composer.sendMail(compose(mail, from)); // a Buffer, as `buffer: true` asks
      await writeOutboxMessage(dataDir, mail.messageId, message as Buffer, mail.queuedAt);
    },
    async close() {},
  };
}

/** For `ea doctor`: can we connect and log in? Names the server, never the credentials. */
export async function verifySmtp(config: DeliveryConfig): Promise<{ ok: boolean; message: string }> {
  if (!config.smtpUrl)
    return { ok: true, message: `no SMTP server configured: mail goes to ${outboxDir(config.dataDir)}` };
  const { hostname, port } = new URL(config.smtpUrl);
  const server = port ? `${hostname}:${port}` : hostname;
  const transporter = createTransport({ url: config.smtpUrl, ...SMTP_OPTIONS });
  try {
    await transporter.verify();
    return { ok: true, message: `SMTP server ${server} accepted the connection` };
  } catch (error) {
    return { ok: false, message: `SMTP server ${server}: ${(error as Error).message}` };
  } finally {
    transporter.close();
  }
}
