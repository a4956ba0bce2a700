import { describe, expect, it } from 'vitest';
import { encodeResponse, hasValidMessageAuthenticator, revealPassword } from '../gateway/radius/authenticators.js';
import { ATTRIBUTE, CODE, decodePacket, singleAttribute } from '../gateway/radius/packet.js';
import { accessRequest, replyCode } from './radius-client.js';

const SECRET = Buffer.from('bench-secret-of-enough-length');

describe("the bench's RADIUS client", () => {
  it('sends what the gateway requires: Message-Authenticator first and valid, PAP password, NAS-Identifier', () => {
    const request = accessRequest(42, 'uB000001', '4711ABCDEFGH', SECRET);
    const packet = decodePacket(request.bytes)!;
    expect(packet).toMatchObject({ code: CODE.accessRequest, identifier: 42 });
    expect(packet.attributes[0]!.type).toBe(ATTRIBUTE.messageAuthenticator);
    expect(hasValidMessageAuthenticator(packet, SECRET)).toBe(true);
    const hidden = singleAttribute(packet, ATTRIBUTE.userPassword)!;
    expect(revealPassword(hidden, SECRET, request.authenticator)?.toString()).toBe('4711ABCDEFGH');
    expect(singleAttribute(packet, ATTRIBUTE.nasIdentifier)?.toString()).toBe('bench');
  });

  it('takes an authentic reply by its code, and nothing else', () => {
    const request = accessRequest(7, 'u', 'p', SECRET);
    const packet = decodePacket(request.bytes)!;
    const accept = encodeResponse(packet, CODE.accessAccept, [], SECRET);
    expect(replyCode(accept, request, SECRET)).toBe(CODE.accessAccept);
    expect(
      replyCode(encodeResponse(packet, CODE.accessAccept, [], Buffer.from('another-secret')), request, SECRET),
    ).toBeNull();
    expect(replyCode(accept, accessRequest(7, 'u', 'p', SECRET), SECRET)).toBeNull();
    expect(
      replyCode(encodeResponse({ ...packet, identifier: 8 }, CODE.accessAccept, [], SECRET), request, SECRET),
    ).toBeNull();
  });
});
