// An SMS provider's REST API in the common shape (Twilio's Messages resource and its look-alikes):
// POST a form with From, To and Body, authenticated by HTTP basic auth with account and token.
import { permanentFailure } from './delivery-failures.js';
import type { SmsMessage, SmsSender } from './sms-sender.js';

export interface HttpSmsConfig {
  url: string;
  account: string;
  token: string;
  from: string;
}

// Below the delivery activity's start-to-close timeout, like the SMTP timeouts.
const REQUEST_TIMEOUT_MS = 30_000;

export class HttpSmsSender implements SmsSender {
  readonly #authorization: string;

  constructor(private readonly config: HttpSmsConfig) {
    this.#authorization = `Basic ${Buffer.from(`${config.account}:${config.token}`).toString('base64')}`;
  }

  async send(msg: SmsMessage): Promise<void> {
    // A network error or timeout throws from fetch and is retried.
    const response = await fetch(this.config.url, {
      method: 'POST',
      headers: {
        authorization: this.#authorization,
        // Providers that support idempotency keys drop the repeat of a retried request.
        'idempotency-key': msg.messageId,
      },
      body: new URLSearchParams({ From: this.config.from, To: msg.to, Body: msg.body }),
      // A redirected POST would silently turn into a GET: treat it as a wrong URL instead.
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
    await response.body?.cancel();
    if (response.ok) return;
    // Only the status: a provider's error body may echo the message, and with it the code.
    const status = `SMS provider answered ${response.status} ${response.statusText}`.trim();
    if (response.status === 429 || response.status >= 500) throw new Error(status);
    throw permanentFailure(status);
  }
}
