// With no SMS provider configured, a text message goes to the outbox as an `.eml`-shaped file,
// marked `X-EA-Channel: sms`, so the dashboard lists it beside the e-mail. Composed by hand:
// nodemailer drops a To that is a phone number rather than an address.
import { messageIdHeader } from './message-id.js';
import { CHANNEL_HEADER, writeOutboxMessage } from './outbox.js';
import type { SmsMessage, SmsSender } from './sms-sender.js';

export const SMS_OUTBOX_SUBJECT = 'Text message';

export class OutboxSmsSender implements SmsSender {
  constructor(
    private readonly dataDir: string,
    private readonly from: string,
  ) {}

  async send(msg: SmsMessage): Promise<void> {
    const headers = [
      `Date: ${new Date().toUTCString()}`,
      `From: ${this.from}`,
      `To: ${msg.to}`,
      `Subject: ${SMS_OUTBOX_SUBJECT}`,
      `Message-ID: ${messageIdHeader(msg.messageId, this.from)}`,
      `${CHANNEL_HEADER}: sms`,
      'MIME-Version: 1.0',
      'Content-Type: text/plain; charset=utf-8',
      'Content-Transfer-Encoding: 8bit',
    ];
    await writeOutboxMessage(
      this.dataDir,
      msg.messageId,
      `${headers.join('\r\n')}\r\n\r\n${msg.body.replace(/\r?\n/g, '\r\n')}\r\n`,
      msg.queuedAt,
    );
  }
}
