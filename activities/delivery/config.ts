// Where messages go (product spec §7): SMTP when EA_SMTP_URL is set, otherwise `.eml` files in the
// outbox; SMS through an HTTP provider, an e-mail-to-SMS gateway, or the outbox. Read once at
// worker start so a bad combination stops the worker instead of failing every delivery.
import { gsm7Length } from './gsm7.js';

export type SmsConfig =
  | { kind: 'http'; url: string; account: string; token: string; from: string }
  | { kind: 'email-gateway'; domain: string }
  | { kind: 'outbox' };

export interface DeliveryConfig {
  dataDir: string;
  smtpUrl: string | null;
  from: string;
  sms: SmsConfig;
  /** Completes "If this was not you, call …" in notices; default `the help desk`. */
  helpDesk?: string;
}

export const DEFAULT_MAIL_FROM = 'Emergency Access <no-reply@ea.local>';
export const DEFAULT_HELP_DESK = 'the help desk';
// Room the SMS templates leave for it inside one 160-septet segment.
const HELP_DESK_MAX_SEPTETS = 40;

const HTTP_SMS_VARS = ['EA_SMS_HTTP_URL', 'EA_SMS_ACCOUNT', 'EA_SMS_TOKEN', 'EA_SMS_FROM'] as const;

export function loadDeliveryConfig(env: NodeJS.ProcessEnv, dataDir: string): DeliveryConfig {
  const smtpUrl = env.EA_SMTP_URL?.trim() || null;
  if (smtpUrl && !/^smtps?:\/\/[^/]/i.test(smtpUrl)) {
    throw new Error('EA_SMTP_URL must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@mail.example.com:587');
  }
  const from = env.EA_MAIL_FROM?.trim() || DEFAULT_MAIL_FROM;
  if (!/@[^@\s>]+>?$/.test(from)) {
    throw new Error(`EA_MAIL_FROM must end in an address, e.g. "${DEFAULT_MAIL_FROM}"`);
  }
  const helpDesk = env.EA_HELP_DESK?.trim() || DEFAULT_HELP_DESK;
  const helpDeskSeptets = gsm7Length(helpDesk);
  if (helpDeskSeptets === null || helpDeskSeptets > HELP_DESK_MAX_SEPTETS) {
    throw new Error(
      `EA_HELP_DESK must be at most ${HELP_DESK_MAX_SEPTETS} plain (GSM-7) characters so notices fit one SMS`,
    );
  }
  return { dataDir, smtpUrl, from, sms: loadSmsConfig(env, smtpUrl), helpDesk };
}

function loadSmsConfig(env: NodeJS.ProcessEnv, smtpUrl: string | null): SmsConfig {
  const httpSet = HTTP_SMS_VARS.filter((name) => env[name]?.trim());
  const gatewayDomain = env.EA_SMS_GATEWAY_DOMAIN?.trim();
  if (httpSet.length > 0 && gatewayDomain) {
    throw new Error('set either the EA_SMS_HTTP_* variables or EA_SMS_GATEWAY_DOMAIN, not both');
  }
  if (httpSet.length > 0) {
    const missing = HTTP_SMS_VARS.filter((name) => !httpSet.includes(name));
    if (missing.length > 0) throw new Error(`the HTTP SMS provider also needs ${missing.join(', ')}`);
    const url = env.EA_SMS_HTTP_URL!.trim();
    if (!/^https?:\/\/[^/]/i.test(url)) throw new Error('EA_SMS_HTTP_URL must be an http:// or https:// URL');
    return {
      kind: 'http',
      url,
      account: env.EA_SMS_ACCOUNT!.trim(),
      token: env.EA_SMS_TOKEN!.trim(),
      from: env.EA_SMS_FROM!.trim(),
    };
  }
  if (gatewayDomain) {
    if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$/.test(gatewayDomain)) {
      throw new Error(`EA_SMS_GATEWAY_DOMAIN must be a domain name such as vtext.com, not "${gatewayDomain}"`);
    }
    // Gateway mail that only lands in the local outbox would never reach a phone.
    if (!smtpUrl) throw new Error('EA_SMS_GATEWAY_DOMAIN needs EA_SMTP_URL: the gateway is reached by e-mail');
    return { kind: 'email-gateway', domain: gatewayDomain };
  }
  return { kind: 'outbox' };
}
