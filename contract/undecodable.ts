// What a handler receives in place of an argument whose payload could not be decoded (corrupt
// ciphertext, unknown key, unknown encoding, invalid JSON). Handlers reject it like any bad input;
// the SDK never gets an exception to turn into a failed — and endlessly retried — workflow task.
export const UNDECODABLE = '__eaUndecodable';

export interface Undecodable {
  [UNDECODABLE]: true;
  reason: string;
}

export function undecodable(reason: string): Undecodable {
  return { [UNDECODABLE]: true, reason };
}

export function isUndecodable(value: unknown): value is Undecodable {
  return typeof value === 'object' && value !== null && (value as Record<string, unknown>)[UNDECODABLE] === true;
}
