// The messages a token workflow sends, as delivery requests. Pure: the workflow supplies the user,
// the channel it chose, a deterministic message id (a retry re-sends the same message) and the
// workflow time it queued the message.
import type { EndCause } from '../domain/emergency-end.js';
import type { TokenState } from '../domain/token-state.js';
import type { Channel, User } from '../domain/types.js';
import { addressFor } from './user-contact.js';
import type { DeliveryRequest, TemplateName } from '../contract/delivery.js';
import type { Effect } from '../domain/step.js';

/** Which message this is: a deterministic id and when the workflow queued it. */
export interface MessageStamp {
  id: string;
  queuedAt: string;
}

function base(user: User, channel: Channel, state: TokenState, stamp: MessageStamp) {
  return {
    messageId: `${state.serial}-${stamp.id}`,
    queuedAt: stamp.queuedAt,
    channel,
    to: addressFor(user, channel) ?? '',
    vars: { userName: user.name, serial: state.serial, expiresAt: state.emergency?.expiresAt ?? '' },
  };
}

/** `sealedCodes` (sealed to the workers' key) become the template's `codes` and `code` in the worker. */
export function messageForCodes(
  user: User,
  channel: Channel,
  state: TokenState,
  sealedCodes: string,
  stamp: MessageStamp,
  template: TemplateName = 'emergency-codes',
  extraVars: Record<string, string> = {},
): DeliveryRequest {
  const message = base(user, channel, state, stamp);
  return { ...message, template, vars: { ...message.vars, ...extraVars }, sealedCodes };
}

// What the user reads for why EA ended ("… has ended (the help desk ended it)"), not the audit's
// code; short enough that the SMS still fits one segment.
const END_CAUSE_WORDING: Record<EndCause, string> = {
  found: 'the token was reported found',
  'found-by-use': 'the token was used again',
  cleared: 'the help desk ended it',
  expired: 'its time ran out',
  replaced: 'the token was replaced',
  'token-expired': 'the token expired',
  unassigned: 'the token was unassigned',
};

export function messageForNotice(
  user: User,
  channel: Channel,
  state: TokenState,
  effect: Effect,
  stamp: MessageStamp,
): DeliveryRequest {
  const message = base(user, channel, state, stamp);
  const cause = END_CAUSE_WORDING[effect.detail.cause as EndCause];
  return {
    ...message,
    template: effect.notice,
    vars: { ...message.vars, ...effect.detail, ...(cause ? { cause } : {}) },
  };
}
