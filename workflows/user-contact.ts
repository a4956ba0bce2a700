// Where a message for a user goes. Pure: the workflow has already looked the user up.
import type { Channel, User } from '../domain/types.js';

export function addressFor(user: User, channel: Channel): string | null {
  return channel === 'email' ? user.email : user.mobile;
}

/** The user's own choice for on-demand codes first, then e-mail, then SMS. */
export function preferredChannel(user: User): Channel | null {
  if (user.onDemand && addressFor(user, user.onDemand)) return user.onDemand;
  if (user.email) return 'email';
  if (user.mobile) return 'sms';
  return null;
}
