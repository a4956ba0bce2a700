// Before a token is assigned to a user: the user exists and may hold one more (spec §4). The user
// workflow checks again when it attaches the serial; this keeps a refused add from assigning first.
import type { User } from '../domain/types.js';
import { addSerial } from '../domain/user.js';
import { EaError } from './ea-service.js';

export function checkMayHold(user: User | null, userId: string, serial: string): void {
  if (!user) throw new EaError('not-found', `unknown user ${userId}`);
  // Would the user hold it, once it is theirs: exists, and fewer than three tokens.
  const holds = addSerial(user, serial, user.id);
  if (!holds.ok) throw new EaError(holds.code === 'invalid' ? 'invalid' : 'refused', holds.message);
}
