// `ea replace` (spec §3 "assign replacement"), the same in both services: all or nothing for the
// user. The new token is assigned first, with its own parameters and PIN, its seed sent to it alone
// (never to the old token's history); only then is the old one retired and let go. A failure before
// the new token is the user's undoes what was done; one after it leaves the user both tokens, never
// none, and the same request again completes it (the assignment answers `unchanged`).
import { MAX_TOKENS_PER_USER } from '../domain/user.js';
import type { TokenStatus } from '../domain/views.js';
import type { User } from '../domain/types.js';
import { EaError, type CallMeta, type NewToken, type Replacement } from './ea-service.js';

/** The calls a replacement is made of, as each service makes them. */
export interface ReplaceSteps {
  status(serial: string): Promise<TokenStatus>;
  getUser(userId: string): Promise<User | null>;
  addToken(token: NewToken, meta: CallMeta): Promise<unknown>;
  /** The old token's assignReplacement update: it ends any EA and retires. */
  retire(serial: string, newSerial: string, requestId: string): Promise<TokenStatus>;
  attach(userId: string, serial: string): Promise<void>;
  detach(userId: string, serial: string): Promise<void>;
}

export async function replaceToken(
  steps: ReplaceSteps,
  serial: string,
  replacement: Replacement,
  requestId: string,
): Promise<TokenStatus> {
  const old = await steps.status(serial);
  const userId = old.user;
  if (!userId) throw new EaError('refused', `token ${serial} has no user to hand a replacement to`);
  if (old.state === 'retired') throw new EaError('refused', `token ${serial} is already retired`);
  if (replacement.newSerial === serial)
    throw new EaError('invalid', `"${replacement.newSerial}" cannot replace token ${serial}: give another serial`);
  const user = await steps.getUser(userId);
  // A user at the limit gives up the old token's slot first; the other tokens stay the user's.
  const held = user?.serials ?? [];
  const makeRoom = held.length >= MAX_TOKENS_PER_USER && !held.includes(replacement.newSerial);
  if (makeRoom) await steps.detach(userId, serial);
  const { newSerial, oath, tokenExpiresAt, pin } = replacement;
  try {
    await steps.addToken(
      { serial: newSerial, userId, oath, tokenExpiresAt, ...(pin ? { pin } : {}) },
      { requestId: `${requestId}:new` },
    );
  } catch (error) {
    if (makeRoom) await steps.attach(userId, serial);
    throw error;
  }
  let retired: TokenStatus;
  try {
    retired = await steps.retire(serial, newSerial, requestId);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    throw new EaError(
      error instanceof EaError ? error.code : 'unavailable',
      `${newSerial} is assigned to ${userId}, but ${serial} could not be retired (${why}); the user holds both: run the same replace again to finish`,
      [],
      { cause: error },
    );
  }
  if (!makeRoom) await steps.detach(userId, serial);
  return retired;
}
