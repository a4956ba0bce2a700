// The delivery activity: renders a template and sends it by e-mail or SMS through the configured
// transport. A permanent failure (refused recipient, bad credentials, bad request) is thrown as a
// non-retryable ApplicationFailure; anything else is rethrown for the workflow's retry policy.
// The same messageId on every attempt makes a retry re-send the same message, not a new one.
import { z } from 'zod';
import type { DeliveryReceipt, DeliveryRequest, DeliveryTransport } from '../../contract/delivery.js';
import type { Channel } from '../../domain/types.js';
import { DEFAULT_HELP_DESK, type DeliveryConfig } from './config.js';
import { invalidRequest } from './delivery-failures.js';
import { EmailGatewaySmsSender } from './email-gateway-sms-sender.js';
import { HttpSmsSender } from './http-sms-sender.js';
import { createMailTransport, type MailTransport } from './mail-transport.js';
import { isValidMessageId } from './message-id.js';
import { OutboxSmsSender } from './outbox-sms-sender.js';
import { E164, type SmsSender } from './sms-sender.js';
import { loadTemplates } from './templates.js';
import { messageVars } from './message-vars.js';
import type { WorkerKeyRing } from '../../worker/codec/worker-key.js';
import { TEMPLATE_NAMES } from '../../contract/delivery.js';

const common = {
  messageId: z.string().refine(isValidMessageId, 'messageId must be 1–200 letters, digits or . _ = + -'),
  template: z.enum(TEMPLATE_NAMES),
  vars: z.record(z.string(), z.string()),
  queuedAt: z.iso.datetime().optional(),
  sealedCodes: z.string().max(10_000).optional(),
};
// One address, no display name or list, so nothing but the intended recipient can be addressed.
const emailAddress = z.string().regex(/^[^\s@<>,;"]+@[^\s@<>,;"]+$/, 'an e-mail address');
const requestSchema = z.discriminatedUnion('channel', [
  z.object({ ...common, channel: z.literal('email'), to: emailAddress }),
  z.object({
    ...common,
    channel: z.literal('sms'),
    to: z.string().regex(E164, 'an E.164 mobile number, e.g. +15551234567'),
  }),
]);

export function createDeliveryActivities(config: DeliveryConfig, workerKeys: WorkerKeyRing) {
  const templates = loadTemplates();
  const mail = createMailTransport(config);
  const sms = createSmsSender(config, mail);
  const helpDesk = config.helpDesk ?? DEFAULT_HELP_DESK;
  /** How this worker sends a channel's messages. */
  const transportFor = (channel: Channel): DeliveryTransport => (channel === 'email' ? mail.kind : sms.transport);

  async function deliverMessage(input: DeliveryRequest): Promise<DeliveryReceipt> {
    const parsed = requestSchema.safeParse(input);
    if (!parsed.success) throw invalidRequest(`bad delivery request: ${z.prettifyError(parsed.error)}`);
    const { messageId, channel, to, template, queuedAt } = parsed.data;
    let vars: Record<string, string>;
    try {
      vars = { ...messageVars(parsed.data, workerKeys), helpDesk };
    } catch (error) {
      throw invalidRequest(`the message's codes cannot be opened: ${(error as Error).message}`);
    }
    if (channel === 'email') await mail.send({ messageId, queuedAt, to, channel, ...templates.email(template, vars) });
    else await sms.sender.send({ messageId, queuedAt, to, body: templates.sms(template, vars) });
    return { channel, to, transport: transportFor(channel), messageId, at: new Date().toISOString() };
  }

  return { deliverMessage, transportFor, close: () => mail.close() };
}

function createSmsSender(
  config: DeliveryConfig,
  mail: MailTransport,
): { sender: SmsSender; transport: DeliveryTransport } {
  switch (config.sms.kind) {
    case 'http':
      return { sender: new HttpSmsSender(config.sms), transport: 'http-sms' };
    case 'email-gateway':
      return { sender: new EmailGatewaySmsSender(mail, config.sms.domain), transport: 'email-gateway' };
    case 'outbox':
      return { sender: new OutboxSmsSender(config.dataDir, config.from), transport: 'outbox' };
  }
}
