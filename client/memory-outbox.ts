// The outbox of the in-memory service: what the worker's outbox transport would write for each
// message, kept in memory. Rendered with the real templates, so a subject reads as in
// `<dataDir>/outbox` (an SMS as `Text message`) and a body holds the codes where the user would
// find them: tests read codes from bodies, as they do from the real outbox files.
import type { DeliveryReceipt, DeliveryRequest, TemplateName } from '../contract/delivery.js';
import { DEFAULT_HELP_DESK } from '../activities/delivery/config.js';
import { SMS_OUTBOX_SUBJECT } from '../activities/delivery/outbox-sms-sender.js';
import { loadTemplates, type Templates } from '../activities/delivery/templates.js';
import { messageVars } from '../activities/delivery/message-vars.js';
import type { WorkerKeyRing } from '../worker/codec/worker-key.js';
import type { OutboxMessage } from './ea-service.js';

/** A message as written, with its body: the e-mail's text part, or the SMS. */
export interface SentMessage extends OutboxMessage {
  messageId: string;
  template: TemplateName;
  body: string;
}

/** A write's outcome: a receipt, or why the message failed. */
export type OutboxWrite = { ok: true; receipt: DeliveryReceipt } | { ok: false; reason: string };

// Read once per process, as a worker does at start.
let templates: Templates | undefined;

export class MemoryOutbox {
  private readonly messages: SentMessage[] = [];

  /** `workerKeys` open the codes a message carries, as the worker's delivery activity does. */
  constructor(private readonly workerKeys: WorkerKeyRing) {}

  /** Writes one message at `at`; a template that cannot render fails it, as the delivery activity does. */
  deliver(message: DeliveryRequest, at: string): OutboxWrite {
    templates ??= loadTemplates();
    let subject: string;
    let body: string;
    try {
      const vars = { ...messageVars(message, this.workerKeys), helpDesk: DEFAULT_HELP_DESK };
      if (message.channel === 'email') ({ subject, text: body } = templates.email(message.template, vars));
      else [subject, body] = [SMS_OUTBOX_SUBJECT, templates.sms(message.template, vars)];
    } catch (error) {
      return { ok: false, reason: error instanceof Error ? error.message : String(error) };
    }
    const { messageId, channel, to, template } = message;
    // Named like the outbox's files: queue time, then message id.
    const file = `outbox/${(message.queuedAt ?? at).replaceAll(':', '-')}-${messageId}.eml`;
    this.messages.push({ file, at, to, subject, channel, messageId, template, body });
    return { ok: true, receipt: { channel, to, transport: 'outbox', messageId, at } };
  }

  /** Every message, oldest first, ordered as the outbox listing orders its files. */
  list(): OutboxMessage[] {
    return this.messages
      .map(({ file, at, to, subject, channel }) => ({ file, at, to, subject, channel }))
      .sort((a, b) => a.at.localeCompare(b.at) || a.file.localeCompare(b.file));
  }

  /** The messages a token sent (their ids start with its serial), oldest first. */
  sentBy(serial: string): SentMessage[] {
    return this.messages.filter((message) => message.messageId.startsWith(`${serial}-`));
  }
}
