// The messages a token workflow sends, as delivery requests. Pure: the workflow supplies the user,
// the channel it chose and a deterministic message id (a retry re-sends the same message).
import type { Effect, TokenState } from '../domain/token-state.js';
import type { Channel, User } from '../domain/types.js';
import type { DeliveryRequest, TemplateName } from '../activities/delivery/deliver-activity.js';
import { addressFor } from './user-contact.js';

function base(user: User, channel: Channel, state: TokenState, messageId: string) {
  return {
    messageId: `${state.serial}-${messageId}`,
    channel,
    to: addressFor(user, channel) ?? '',
    vars: { userName: user.name, serial: state.serial, expiresAt: state.emergency?.expiresAt ?? '' },
  };
}

export function messageForCodes(
  user: User,
  channel: Channel,
  state: TokenState,
  codes: string[],
  messageId: string,
  template: TemplateName = 'emergency-codes',
  extraVars: Record<string, string> = {},
): DeliveryRequest {
  const message = base(user, channel, state, messageId);
  return { ...message, template, vars: { ...message.vars, codes: codes.join('\n'), code: codes[0] ?? '', ...extraVars } };
}

export function messageForNotice(user: User, channel: Channel, state: TokenState, effect: Effect, messageId: string): DeliveryRequest {
  const message = base(user, channel, state, messageId);
  return { ...message, template: effect.notice, vars: { ...message.vars, ...effect.detail } };
}
