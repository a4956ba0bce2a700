import { describe, expect, it } from 'vitest';
import {
  encodeAccessRequest,
  encodeResponse,
  hasValidMessageAuthenticator,
  hidePassword,
  isResponseTo,
  revealPassword,
} from './authenticators.js';
import { ATTRIBUTE, CODE, decodePacket, textAttributes } from './packet.js';

const hex = (text: string) => Buffer.from(text.replace(/\s/g, ''), 'hex');
const SECRET = Buffer.from('xyzzy5461');

// RFC 2865 §7.1: user nemo, password arctangent, secret xyzzy5461, from NAS 192.168.1.16 port 3.
const RFC2865_REQUEST = hex(`01000038 0f403f9473978057bd83d5cb98f4227a 01066e656d6f
  02120dbe708d93d413ce3196e43f782a0aee 0406c0a80110 050600000003`);
const RFC2865_ACCEPT = hex(`02000026 86fe220e7624ba2a1005f6bf9b55e0b2 060600000001 0f0600000000 0e06c0a80103`);

// The same request with a Message-Authenticator first and a NAS-Identifier, and a reply with a
// Message-Authenticator first and Reply-Message "Welcome": both made by pyrad 2.6.0, a client we
// did not write (identifier 7).
const PYRAD_REQUEST = hex(`010700450f403f9473978057bd83d5cb98f4227a 5012b0bf84f288544dbd17ff3f050dbfab7b
  01066e656d6f 02120dbe708d93d413ce3196e43f782a0aee 200776706e2d31`);
const PYRAD_ACCEPT = hex(`0207002f7b2da3edd27f1b8763fb017d47296c9b 50128f32e34457fb25d61e4ef667ec22ff62
  120957656c636f6d65`);

describe('User-Password (RFC 2865 §5.2)', () => {
  it("reveals the RFC's example and hides it back to the same bytes", () => {
    const request = decodePacket(RFC2865_REQUEST)!;
    const hidden = request.attributes.find((a) => a.type === ATTRIBUTE.userPassword)!.value;
    expect(revealPassword(hidden, SECRET, request.authenticator)?.toString()).toBe('arctangent');
    expect(hidePassword(Buffer.from('arctangent'), SECRET, request.authenticator)).toEqual(hidden);
  });

  it('round-trips passwords longer than one block, and refuses a value that is not whole blocks', () => {
    const authenticator = Buffer.alloc(16, 9);
    const long = Buffer.from('4711-ab3k-9x2m-77pq-z');
    expect(revealPassword(hidePassword(long, SECRET, authenticator), SECRET, authenticator)).toEqual(long);
    expect(revealPassword(Buffer.alloc(15), SECRET, authenticator)).toBeNull();
    expect(revealPassword(Buffer.alloc(0), SECRET, authenticator)).toBeNull();
  });
});

describe('Response Authenticator (RFC 2865 §3)', () => {
  it("matches the RFC's Access-Accept", () => {
    expect(isResponseTo(RFC2865_ACCEPT, decodePacket(RFC2865_REQUEST)!.authenticator, SECRET)).toBe(true);
    expect(isResponseTo(RFC2865_ACCEPT, Buffer.alloc(16), SECRET)).toBe(false);
  });
});

describe('Message-Authenticator (RFC 3579 §3.2)', () => {
  it("accepts pyrad's request, and refuses it under another secret or with one byte changed", () => {
    expect(hasValidMessageAuthenticator(decodePacket(PYRAD_REQUEST)!, SECRET)).toBe(true);
    expect(hasValidMessageAuthenticator(decodePacket(PYRAD_REQUEST)!, Buffer.from('other'))).toBe(false);
    const tampered = Buffer.from(PYRAD_REQUEST);
    tampered.writeUInt8(tampered.at(-1)! ^ 1, tampered.length - 1);
    expect(hasValidMessageAuthenticator(decodePacket(tampered)!, SECRET)).toBe(false);
  });

  it('finds no valid one in a request without any (RFC 2865 example) or with two', () => {
    expect(hasValidMessageAuthenticator(decodePacket(RFC2865_REQUEST)!, SECRET)).toBe(false);
    const request = decodePacket(PYRAD_REQUEST)!;
    const twice = { ...request, attributes: [...request.attributes, request.attributes[0]!] };
    expect(hasValidMessageAuthenticator(twice, SECRET)).toBe(false);
  });

  it("encodes pyrad's Access-Accept byte for byte, Message-Authenticator first", () => {
    const request = decodePacket(PYRAD_REQUEST)!;
    const response = encodeResponse(
      request,
      CODE.accessAccept,
      textAttributes(ATTRIBUTE.replyMessage, 'Welcome'),
      SECRET,
    );
    expect(response).toEqual(PYRAD_ACCEPT);
    expect(response[20]).toBe(ATTRIBUTE.messageAuthenticator);
  });

  it("encodes pyrad's Access-Request byte for byte", () => {
    const request = decodePacket(PYRAD_REQUEST)!;
    const attributes = [
      ...textAttributes(ATTRIBUTE.userName, 'nemo'),
      ...textAttributes(ATTRIBUTE.nasIdentifier, 'vpn-1'),
    ];
    const encoded = encodeAccessRequest(7, request.authenticator, attributes, SECRET, Buffer.from('arctangent'));
    // pyrad puts User-Password right after User-Name; the same attributes in our order verify alike.
    expect(hasValidMessageAuthenticator(decodePacket(encoded)!, SECRET)).toBe(true);
    expect(decodePacket(encoded)!.attributes.map((a) => a.type)).toEqual([80, 1, 32, 2]);
  });
});
