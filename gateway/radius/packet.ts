// The RADIUS wire format (RFC 2865 §3, §5): a 20-byte header (code, identifier, length, the 16-byte
// authenticator) and type-length-value attributes. Pure: bytes in, a packet or null out, and back.
// Anything malformed decodes to null, so the server drops it without an answer (RFC 2865 §3).

export const CODE = {
  accessRequest: 1,
  accessAccept: 2,
  accessReject: 3,
  accessChallenge: 11,
} as const;

export const ATTRIBUTE = {
  userName: 1,
  userPassword: 2,
  nasIpAddress: 4,
  replyMessage: 18,
  state: 24,
  nasIdentifier: 32,
  messageAuthenticator: 80,
} as const;

export const HEADER_BYTES = 20;
export const AUTHENTICATOR_BYTES = 16;
/** RFC 2865 §3: the largest packet. */
export const MAX_PACKET_BYTES = 4096;
const MAX_ATTRIBUTE_VALUE_BYTES = 253;

export interface Attribute {
  type: number;
  value: Buffer;
}

export interface RadiusPacket {
  code: number;
  identifier: number;
  authenticator: Buffer;
  /** In wire order; a type may repeat. */
  attributes: Attribute[];
}

/** The packet in `bytes`, or null when it is not a well-formed RADIUS packet. */
export function decodePacket(bytes: Buffer): RadiusPacket | null {
  if (bytes.length < HEADER_BYTES) return null;
  const length = bytes.readUInt16BE(2);
  // Octets past the length are padding (RFC 2865 §3); a packet shorter than its length is dropped.
  if (length < HEADER_BYTES || length > MAX_PACKET_BYTES || length > bytes.length) return null;
  const attributes: Attribute[] = [];
  for (let at = HEADER_BYTES; at < length;) {
    if (at + 2 > length) return null;
    const size = bytes[at + 1]!;
    if (size < 2 || at + size > length) return null;
    attributes.push({ type: bytes[at]!, value: Buffer.from(bytes.subarray(at + 2, at + size)) });
    at += size;
  }
  return {
    code: bytes[0]!,
    identifier: bytes[1]!,
    authenticator: Buffer.from(bytes.subarray(4, HEADER_BYTES)),
    attributes,
  };
}

/** The packet's bytes, attributes in the order given. */
export function encodePacket(packet: RadiusPacket): Buffer {
  const body = Buffer.concat(
    packet.attributes.map(({ type, value }) => {
      if (value.length > MAX_ATTRIBUTE_VALUE_BYTES) throw new RangeError(`attribute ${type} is too long`);
      return Buffer.concat([Buffer.from([type, value.length + 2]), value]);
    }),
  );
  const length = HEADER_BYTES + body.length;
  if (length > MAX_PACKET_BYTES) throw new RangeError('packet is too long');
  if (packet.authenticator.length !== AUTHENTICATOR_BYTES) throw new RangeError('authenticator must be 16 bytes');
  const header = Buffer.alloc(4);
  header.writeUInt8(packet.code, 0);
  header.writeUInt8(packet.identifier, 1);
  header.writeUInt16BE(length, 2);
  return Buffer.concat([header, packet.authenticator, body]);
}

/** The attributes of `type`, in wire order. */
export const attributesOf = (packet: RadiusPacket, type: number): Buffer[] =>
  packet.attributes.filter((a) => a.type === type).map((a) => a.value);

/** The one attribute of `type`; null when absent or repeated. */
export function singleAttribute(packet: RadiusPacket, type: number): Buffer | null {
  const values = attributesOf(packet, type);
  return values.length === 1 ? values[0]! : null;
}

/** A text attribute (RFC 2865 §5: UTF-8), split into values of at most 253 bytes. */
export function textAttributes(type: number, text: string): Attribute[] {
  const bytes = Buffer.from(text, 'utf8');
  const parts: Attribute[] = [];
  for (let at = 0; at < bytes.length; at += MAX_ATTRIBUTE_VALUE_BYTES)
    parts.push({ type, value: bytes.subarray(at, at + MAX_ATTRIBUTE_VALUE_BYTES) });
  return parts;
}
