// The benchmark's RADIUS client (a NAS as far as the gateway can tell): Access-Requests with a
// Message-Authenticator first and PAP User-Password, replies matched by identifier and checked as a
// NAS checks them (Response Authenticator). One socket carries at most 256 requests in flight.
import { randomBytes } from 'node:crypto';
import { createSocket, type Socket } from 'node:dgram';
import { encodeAccessRequest, isResponseTo } from '../gateway/radius/authenticators.js';
import { ATTRIBUTE, CODE, textAttributes } from '../gateway/radius/packet.js';

export interface PendingRequest {
  identifier: number;
  authenticator: Buffer;
  bytes: Buffer;
}

/** An Access-Request for `user` with `password`, as a NAS named `nas` sends it. */
export function accessRequest(
  identifier: number,
  user: string,
  password: string,
  secret: Buffer,
  nas = 'bench',
): PendingRequest {
  const authenticator = randomBytes(16);
  const attributes = [...textAttributes(ATTRIBUTE.userName, user), ...textAttributes(ATTRIBUTE.nasIdentifier, nas)];
  return {
    identifier,
    authenticator,
    bytes: encodeAccessRequest(identifier, authenticator, attributes, secret, Buffer.from(password)),
  };
}

/** What a reply to `request` says: its code when authentic, else null. */
export function replyCode(reply: Buffer, request: PendingRequest, secret: Buffer): number | null {
  if (reply.length < 20 || reply[1] !== request.identifier) return null;
  return isResponseTo(reply, request.authenticator, secret) ? reply[0]! : null;
}

export class RadiusBenchClient {
  private readonly socket: Socket = createSocket('udp4');
  private readonly waiting = new Map<number, { request: PendingRequest; done: (code: number | null) => void }>();
  private nextIdentifier = 0;

  constructor(
    private readonly port: number,
    private readonly secret: Buffer,
    private readonly timeoutMs = 10_000,
  ) {
    this.socket.on('message', (reply) => {
      const entry = this.waiting.get(reply[1] ?? -1);
      if (!entry) return;
      this.waiting.delete(entry.request.identifier);
      entry.done(replyCode(reply, entry.request, this.secret));
    });
  }

  /** Sends one Access-Request; resolves when an authentic Access-Accept comes, rejects otherwise. */
  accept(user: string, password: string): Promise<void> {
    if (this.waiting.size >= 256) return Promise.reject(new Error('256 requests in flight on one socket'));
    while (this.waiting.has(this.nextIdentifier)) this.nextIdentifier = (this.nextIdentifier + 1) % 256;
    const request = accessRequest(this.nextIdentifier, user, password, this.secret);
    this.nextIdentifier = (this.nextIdentifier + 1) % 256;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(request.identifier);
        reject(new Error(`no answer for ${user} within ${this.timeoutMs} ms`));
      }, this.timeoutMs);
      this.waiting.set(request.identifier, {
        request,
        done: (code) => {
          clearTimeout(timer);
          if (code === CODE.accessAccept) resolve();
          else
            reject(
              new Error(
                `${user}: ${code === null ? 'a reply that is not authentic' : `code ${code}`}, not Access-Accept`,
              ),
            );
        },
      });
      this.socket.send(request.bytes, this.port, '127.0.0.1');
    });
  }

  close(): void {
    this.socket.close();
  }
}
