import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTRIBUTE, decodePacket, encodePacket, singleAttribute, textAttributes } from './packet.js';

const hex = (text: string) => Buffer.from(text.replace(/\s/g, ''), 'hex');
// RFC 2865 §7.1's Access-Request.
const REQUEST = hex(`01000038 0f403f9473978057bd83d5cb98f4227a 01066e656d6f
  02120dbe708d93d413ce3196e43f782a0aee 0406c0a80110 050600000003`);

describe('the RADIUS wire format', () => {
  it("decodes the RFC's Access-Request and encodes it back byte for byte", () => {
    const packet = decodePacket(REQUEST)!;
    expect(packet).toMatchObject({ code: 1, identifier: 0 });
    expect(packet.attributes.map((a) => a.type)).toEqual([1, 2, 4, 5]);
    expect(singleAttribute(packet, ATTRIBUTE.userName)?.toString()).toBe('nemo');
    expect(encodePacket(packet)).toEqual(REQUEST);
  });

  it('ignores padding past the length and drops packets shorter than their length', () => {
    expect(decodePacket(Buffer.concat([REQUEST, Buffer.alloc(7)]))).toEqual(decodePacket(REQUEST));
    expect(decodePacket(REQUEST.subarray(0, REQUEST.length - 1))).toBeNull();
    expect(decodePacket(REQUEST.subarray(0, 19))).toBeNull();
  });

  it('drops an attribute that runs past the packet or is shorter than its header', () => {
    const overlong = Buffer.from(REQUEST);
    overlong[21] = 60;
    expect(decodePacket(overlong)).toBeNull();
    const short = Buffer.from(REQUEST);
    short[21] = 1;
    expect(decodePacket(short)).toBeNull();
  });

  it('splits a long text into attributes of at most 253 bytes', () => {
    const parts = textAttributes(ATTRIBUTE.replyMessage, 'x'.repeat(600));
    expect(parts.map((p) => p.value.length)).toEqual([253, 253, 94]);
  });

  it('never throws on arbitrary bytes, and what it decodes encodes back to the same prefix', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (bytes) => {
        const buffer = Buffer.from(bytes);
        const packet = decodePacket(buffer);
        if (packet) expect(encodePacket(packet)).toEqual(buffer.subarray(0, buffer.readUInt16BE(2)));
      }),
    );
  });
});
