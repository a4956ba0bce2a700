import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import { expect, it } from 'vitest';
import { DEFAULT_HELP_DESK } from './config.js';
import { DELIVERY_INVALID_REQUEST } from './delivery-failures.js';
import { fitsOneGsm7Segment } from './gsm7.js';
import { placeholderNames } from './placeholders.js';
import { loadTemplates, TEMPLATES_DIR } from './templates.js';
import { LONG_CODES, SHORT_CODE, sampleVars, SECRET_TEMPLATES, secretsIn } from './testing/sample-vars.js';
import { TEMPLATE_NAMES } from '../../contract/delivery.js';

const templates = loadTemplates();
const vars = sampleVars({ helpDesk: DEFAULT_HELP_DESK });

it('renders every template for e-mail without a secret in its subject', () => {
  for (const name of TEMPLATE_NAMES) {
    const mail = templates.email(name, vars);
    expect(mail.subject, name).toContain(vars.serial);
    expect(mail.text, name).toContain(vars.serial);
    expect(mail.html, name).toMatch(/^<!doctype html>/);
    for (const secret of secretsIn(vars)) expect(mail.subject, name).not.toContain(secret);
  }
});

it('never reads a code variable in a subject file', () => {
  for (const name of TEMPLATE_NAMES) {
    const subject = readFileSync(join(TEMPLATES_DIR, `${name}.subject.txt`), 'utf8');
    expect(placeholderNames(subject), name).not.toContain('code');
    expect(placeholderNames(subject), name).not.toContain('codes');
  }
});

it('puts the codes in the bodies of the code messages only', () => {
  for (const name of SECRET_TEMPLATES) {
    const mail = templates.email(name, vars);
    expect(mail.text).toContain(vars.code);
    expect(mail.html).toContain(vars.code);
  }
  expect(templates.email('emergency-codes', vars).text).toContain(vars.codes);
  for (const name of TEMPLATE_NAMES.filter((n) => !SECRET_TEMPLATES.includes(n))) {
    for (const secret of secretsIn(vars)) expect(templates.email(name, vars).text, name).not.toContain(secret);
  }
});

it('tells the user to call the help desk when emergency access starts or ends', () => {
  for (const name of ['emergency-started', 'emergency-ended'] as const) {
    expect(templates.email(name, vars).text).toContain('If this was not you, call the help desk.');
    expect(templates.email(name, vars).html).toContain('If this was not you, call the help desk.');
    expect(templates.sms(name, vars)).toContain('If this was not you, call the help desk.');
  }
});

it('escapes variables in HTML only', () => {
  const mail = templates.email('emergency-started', { ...vars, userName: '<b>Eve</b> & "Co"' });
  expect(mail.html).toContain('&lt;b&gt;Eve&lt;/b&gt; &amp; &quot;Co&quot;');
  expect(mail.html).not.toContain('<b>Eve');
  expect(mail.text).toContain('<b>Eve</b> & "Co"');
});

it('fits every SMS into one GSM-7 segment with realistic variables', () => {
  const longHelpDesk = 'the help desk on +1 555 0100, ext. 4357'; // 40, the most EA_HELP_DESK may be
  const variants = [
    { codes: LONG_CODES.join('\n'), code: LONG_CODES[0]! },
    { codes: LONG_CODES[0]!, code: LONG_CODES[0]! },
    { codes: Array(5).fill(SHORT_CODE).join('\n'), code: SHORT_CODE },
  ];
  for (const name of TEMPLATE_NAMES) {
    for (const variant of variants) {
      for (const helpDesk of [DEFAULT_HELP_DESK, longHelpDesk]) {
        const body = templates.sms(name, { ...vars, ...variant, helpDesk });
        expect(fitsOneGsm7Segment(body), `${name}: ${body}`).toBe(true);
      }
    }
  }
  expect(templates.sms('on-demand-code', vars).startsWith(vars.code)).toBe(true);
});

it('refuses a request it cannot render, without retrying', () => {
  const refusal = (render: () => unknown) => {
    try {
      render();
    } catch (error) {
      return error as ApplicationFailure;
    }
    throw new Error('rendered');
  };
  const missing = refusal(() => templates.email('emergency-ended', { serial: 'S1', userName: 'A', helpDesk: 'h' }));
  expect(missing).toBeInstanceOf(ApplicationFailure);
  expect(missing).toMatchObject({ nonRetryable: true, type: DELIVERY_INVALID_REQUEST });
  expect(missing.message).toContain('cause');
  const tooLong = refusal(() =>
    templates.sms('emergency-codes', { ...vars, codes: Array(50).fill(LONG_CODES[0]).join('\n') }),
  );
  expect(tooLong).toMatchObject({ nonRetryable: true, type: DELIVERY_INVALID_REQUEST });
  expect(tooLong.message).not.toContain(LONG_CODES[0]);
});
