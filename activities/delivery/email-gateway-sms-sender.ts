// SMS by e-mail to a carrier's gateway (`15551234567@vtext.com`). Legacy and international use only:
// most US carriers have closed theirs (T-Mobile Dec 2024, AT&T June 2025; Verizon plans 2027).
import type { MailTransport } from './mail-transport.js';
import type { SmsMessage, SmsSender } from './sms-sender.js';

export class EmailGatewaySmsSender implements SmsSender {
  constructor(
    private readonly mail: MailTransport,
    private readonly domain: string,
  ) {}

  async send(msg: SmsMessage): Promise<void> {
    const to = `${msg.to.replace(/\D/g, '')}@${this.domain}`;
    // No subject: gateways prepend it to the text, which would overflow the one segment.
    await this.mail.send({ messageId: msg.messageId, queuedAt: msg.queuedAt, to, channel: 'sms', text: msg.body });
  }
}
