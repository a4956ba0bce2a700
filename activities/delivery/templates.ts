// The messages, as files in `templates/` that can be reworded without touching code: per name a
// subject, a text and an HTML body for e-mail, and an SMS body designed to fit one GSM-7 segment.
// Subjects never carry a code: they show in lock-screen previews and mail server logs.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { TEMPLATE_NAMES, type TemplateName } from '../../contract/delivery.js';
import { invalidRequest } from './delivery-failures.js';
import { fitsOneGsm7Segment } from './gsm7.js';
import { escapeHtml, fillPlaceholders, placeholderNames } from './placeholders.js';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface Templates {
  email(name: TemplateName, vars: Record<string, string>): EmailContent;
  sms(name: TemplateName, vars: Record<string, string>): string;
}

interface TemplateFiles {
  subject: string;
  text: string;
  html: string;
  sms: string;
  /** Every variable the files read: rendering refuses vars that lack one. */
  variables: string[];
}

export const TEMPLATES_DIR = fileURLToPath(new URL('./templates/', import.meta.url));

/** Reads every template once, at worker start, so a missing file stops the worker rather than a delivery. */
export function loadTemplates(): Templates {
  const files = new Map(TEMPLATE_NAMES.map((name) => [name, readTemplate(name)]));
  const checked = (name: TemplateName, vars: Record<string, string>): TemplateFiles => {
    const template = files.get(name);
    if (!template) throw invalidRequest(`unknown template "${name}"`);
    const missing = template.variables.filter((variable) => typeof vars[variable] !== 'string');
    if (missing.length > 0) throw invalidRequest(`template ${name} needs the variables ${missing.join(', ')}`);
    return template;
  };
  return {
    email(name, vars) {
      const template = checked(name, vars);
      return {
        subject: fillPlaceholders(template.subject, vars),
        text: fillPlaceholders(template.text, vars),
        html: fillPlaceholders(template.html, vars, escapeHtml),
      };
    },
    sms(name, vars) {
      const body = fillPlaceholders(checked(name, vars).sms, vars);
      if (!fitsOneGsm7Segment(body))
        throw invalidRequest(`the SMS for ${name} does not fit one 160-character GSM-7 segment`);
      return body;
    },
  };
}

function readTemplate(name: TemplateName): TemplateFiles {
  const read = (suffix: string) => readFileSync(join(TEMPLATES_DIR, `${name}${suffix}`), 'utf8');
  const template = {
    subject: read('.subject.txt').trim(),
    text: read('.txt'),
    html: read('.html'),
    sms: read('.sms.txt').trimEnd(),
  };
  const variables = new Set(Object.values(template).flatMap(placeholderNames));
  return { ...template, variables: [...variables] };
}
