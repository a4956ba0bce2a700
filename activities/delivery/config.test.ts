import { expect, it } from 'vitest';
import { DEFAULT_HELP_DESK, DEFAULT_MAIL_FROM, loadDeliveryConfig } from './config.js';

const http = {
  EA_SMS_HTTP_URL: 'https://sms.example/send',
  EA_SMS_ACCOUNT: 'AC1',
  EA_SMS_TOKEN: 't0k',
  EA_SMS_FROM: '+15550000000',
};

it('defaults to the outbox for mail and SMS', () => {
  expect(loadDeliveryConfig({}, '/data')).toEqual({
    dataDir: '/data',
    smtpUrl: null,
    from: DEFAULT_MAIL_FROM,
    sms: { kind: 'outbox' },
    helpDesk: DEFAULT_HELP_DESK,
  });
});

it('reads SMTP, sender, help desk and an HTTP SMS provider', () => {
  const config = loadDeliveryConfig(
    {
      EA_SMTP_URL: 'smtps://u:p@mail.example:465',
      EA_MAIL_FROM: 'IT <it@corp.example>',
      EA_HELP_DESK: 'the help desk on +1 555 0100',
      ...http,
    },
    '/d',
  );
  expect(config).toMatchObject({
    smtpUrl: 'smtps://u:p@mail.example:465',
    from: 'IT <it@corp.example>',
    helpDesk: 'the help desk on +1 555 0100',
  });
  expect(config.sms).toEqual({
    kind: 'http',
    url: 'https://sms.example/send',
    account: 'AC1',
    token: 't0k',
    from: '+15550000000',
  });
});

it('reads an e-mail-to-SMS gateway, which needs SMTP', () => {
  expect(
    loadDeliveryConfig({ EA_SMTP_URL: 'smtp://mail.example', EA_SMS_GATEWAY_DOMAIN: 'sms.example.net' }, '/d').sms,
  ).toEqual({ kind: 'email-gateway', domain: 'sms.example.net' });
  expect(() => loadDeliveryConfig({ EA_SMS_GATEWAY_DOMAIN: 'sms.example.net' }, '/d')).toThrow(/needs EA_SMTP_URL/);
});

it('refuses invalid values and combinations with a message naming the variable', () => {
  expect(() => loadDeliveryConfig({ EA_SMTP_URL: 'mail.example:25' }, '/d')).toThrow(/EA_SMTP_URL/);
  expect(() => loadDeliveryConfig({ EA_MAIL_FROM: 'Emergency Access' }, '/d')).toThrow(/EA_MAIL_FROM/);
  expect(() => loadDeliveryConfig({ EA_SMS_HTTP_URL: 'https://sms.example', EA_SMS_ACCOUNT: 'a' }, '/d')).toThrow(
    /EA_SMS_TOKEN, EA_SMS_FROM/,
  );
  expect(() => loadDeliveryConfig({ ...http, EA_SMS_HTTP_URL: 'ftp://sms.example' }, '/d')).toThrow(/EA_SMS_HTTP_URL/);
  expect(() =>
    loadDeliveryConfig({ ...http, EA_SMTP_URL: 'smtp://m', EA_SMS_GATEWAY_DOMAIN: 'g.example' }, '/d'),
  ).toThrow(/not both/);
  expect(() => loadDeliveryConfig({ EA_SMTP_URL: 'smtp://m', EA_SMS_GATEWAY_DOMAIN: 'not a domain' }, '/d')).toThrow(
    /EA_SMS_GATEWAY_DOMAIN/,
  );
  expect(() => loadDeliveryConfig({ EA_HELP_DESK: 'x'.repeat(41) }, '/d')).toThrow(/EA_HELP_DESK/);
});
