// The shared-secret cryptography of RADIUS: User-Password hiding (RFC 2865 §5.2), the Response
// Authenticator (RFC 2865 §3) and the Message-Authenticator (RFC 3579 §3.2, RFC 2869 §5.14), whose
// check on every request is the BlastRADIUS (CVE-2024-3596) defence. Comparisons are constant-time.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import {
  ATTRIBUTE,
  AUTHENTICATOR_BYTES,
  CODE,
  HEADER_BYTES,
  encodePacket,
  type Attribute,
  type RadiusPacket,
} from './packet.js';

const md5 = (...parts: Buffer[]) => createHash('md5').update(Buffer.concat(parts)).digest();
const BLOCK = 16;
/** RFC 2865 §5.2: at most 128 octets. */
const MAX_PASSWORD_BYTES = 128;

/**
 * RFC 2865 §5.2's chain: each 16-byte block XOR MD5(secret + the previous hidden block), the first
 * after the request authenticator. `hiding` says which side of the XOR is the hidden text.
 */
function xorChain(input: Buffer, secret: Buffer, requestAuthenticator: Buffer, hiding: boolean): Buffer {
  const output = Buffer.alloc(input.length);
  let previous = requestAuthenticator;
  for (let at = 0; at < input.length; at += BLOCK) {
    const pad = md5(secret, previous);
    for (let i = 0; i < BLOCK; i++) output[at + i] = input[at + i]! ^ pad[i]!;
    previous = (hiding ? output : input).subarray(at, at + BLOCK);
  }
  return output;
}

/** The plaintext of a User-Password attribute; null when its length is not a whole number of blocks. */
export function revealPassword(hidden: Buffer, secret: Buffer, requestAuthenticator: Buffer): Buffer | null {
  if (hidden.length === 0 || hidden.length % BLOCK !== 0 || hidden.length > MAX_PASSWORD_BYTES) return null;
  const plain = xorChain(hidden, secret, requestAuthenticator, false);
  const end = plain.indexOf(0);
  return end === -1 ? plain : plain.subarray(0, end);
}

/** A User-Password attribute's value for `password` (what a NAS sends; the bench and tests use it). */
export function hidePassword(password: Buffer, secret: Buffer, requestAuthenticator: Buffer): Buffer {
  if (password.length > MAX_PASSWORD_BYTES) throw new RangeError('a RADIUS password is at most 128 bytes');
  const padded = Buffer.alloc(Math.max(BLOCK, Math.ceil(password.length / BLOCK) * BLOCK));
  password.copy(padded);
  return xorChain(padded, secret, requestAuthenticator, true);
}

/** HMAC-MD5 over the packet with its Message-Authenticator zeroed and `authenticator` in the header. */
function messageAuthenticatorOf(packet: RadiusPacket, authenticator: Buffer, secret: Buffer): Buffer {
  const zeroed = packet.attributes.map((a) =>
    a.type === ATTRIBUTE.messageAuthenticator ? { type: a.type, value: Buffer.alloc(AUTHENTICATOR_BYTES) } : a,
  );
  return createHmac('md5', secret)
    .update(encodePacket({ ...packet, authenticator, attributes: zeroed }))
    .digest();
}

/**
 * Whether an Access-Request carries exactly one Message-Authenticator and it is right for `secret`.
 * A request without one is not valid here: whether a client may omit it is the caller's rule.
 */
export function hasValidMessageAuthenticator(request: RadiusPacket, secret: Buffer): boolean {
  const sent = request.attributes.filter((a) => a.type === ATTRIBUTE.messageAuthenticator);
  if (sent.length !== 1 || sent[0]!.value.length !== AUTHENTICATOR_BYTES) return false;
  return timingSafeEqual(sent[0]!.value, messageAuthenticatorOf(request, request.authenticator, secret));
}

/** Whether a packet has a Message-Authenticator at all (valid or not). */
export const hasMessageAuthenticator = (packet: RadiusPacket) =>
  packet.attributes.some((a) => a.type === ATTRIBUTE.messageAuthenticator);

/**
 * The bytes of a response to `request`: Message-Authenticator first (the BlastRADIUS guidance), then
 * `attributes`, signed with the Message-Authenticator over the request's authenticator and then the
 * Response Authenticator over everything.
 */
export function encodeResponse(
  request: Pick<RadiusPacket, 'identifier' | 'authenticator'>,
  code: number,
  attributes: Attribute[],
  secret: Buffer,
): Buffer {
  const packet = { code, identifier: request.identifier, authenticator: request.authenticator, attributes };
  const unsigned = encodePacket(withMessageAuthenticatorFirst(packet, secret));
  md5(unsigned, secret).copy(unsigned, 4);
  return unsigned;
}

/** `packet` with a Message-Authenticator, over `packet.authenticator`, as its first attribute. */
function withMessageAuthenticatorFirst(packet: RadiusPacket, secret: Buffer): RadiusPacket {
  const zero = { type: ATTRIBUTE.messageAuthenticator, value: Buffer.alloc(AUTHENTICATOR_BYTES) };
  const draft = { ...packet, attributes: [zero, ...packet.attributes] };
  const value = messageAuthenticatorOf(draft, packet.authenticator, secret);
  return { ...draft, attributes: [{ type: ATTRIBUTE.messageAuthenticator, value }, ...packet.attributes] };
}

/** What a NAS checks of a response: its Response Authenticator (RFC 2865 §3). Tests and the bench use it. */
export function isResponseTo(response: Buffer, requestAuthenticator: Buffer, secret: Buffer): boolean {
  if (response.length < HEADER_BYTES) return false;
  const expected = md5(response.subarray(0, 4), requestAuthenticator, response.subarray(HEADER_BYTES), secret);
  return timingSafeEqual(expected, response.subarray(4, HEADER_BYTES));
}

/**
 * An Access-Request as a NAS sends it: Message-Authenticator first, then `attributes`, with
 * User-Password hidden when `password` is given. The bench's client and the unit tests use it.
 */
export function encodeAccessRequest(
  identifier: number,
  authenticator: Buffer,
  attributes: Attribute[],
  secret: Buffer,
  password?: Buffer,
): Buffer {
  const hidden = password
    ? [{ type: ATTRIBUTE.userPassword, value: hidePassword(password, secret, authenticator) }]
    : [];
  const packet = { code: CODE.accessRequest, identifier, authenticator, attributes: [...attributes, ...hidden] };
  return encodePacket(withMessageAuthenticatorFirst(packet, secret));
}
