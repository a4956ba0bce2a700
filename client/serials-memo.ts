// Reading a user's serials from the user workflow's memo (see USER_SERIALS_MEMO in the contract).
import { USER_SERIALS_MEMO } from '../contract/messages.js';

/** The serials the memo holds, or null when it holds none in the expected shape (an older run). */
export function serialsFromMemo(memo: Record<string, unknown> | undefined): string[] | null {
  const serials = memo?.[USER_SERIALS_MEMO];
  return Array.isArray(serials) && serials.every((serial) => typeof serial === 'string') ? serials : null;
}
