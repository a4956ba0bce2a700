// The RADIUS front end (spec §7): a UDP socket, and per datagram the order of checks that keeps
// BlastRADIUS (CVE-2024-3596) and guessing out: a known client, a well-formed Access-Request, a
// valid Message-Authenticator (required unless the client is marked legacy), a retransmission
// answered from the cache, then the check, throttled. Anything dropped is counted, never answered.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { BackendUnavailable, isAccept, REJECT, type CheckAnswer, type Checker } from '../check.js';
import type { GatewayMetrics } from '../metrics.js';
import type { Throttle } from '../throttle.js';
import {
  encodeResponse,
  hasMessageAuthenticator,
  hasValidMessageAuthenticator,
  revealPassword,
} from './authenticators.js';
import type { RadiusClients } from './clients.js';
import {
  ATTRIBUTE,
  CODE,
  decodePacket,
  singleAttribute,
  textAttributes,
  type Attribute,
  type RadiusPacket,
} from './packet.js';
import { RetransmissionCache } from './retransmissions.js';

export interface RadiusServerOptions {
  port: number;
  host: string;
  clients: RadiusClients;
  checker: Checker;
  throttle: Throttle;
  metrics: GatewayMetrics;
}

export interface RunningRadius {
  port: number;
  close(): Promise<void>;
}

const RESPONSE_CODE = { ACCEPT: CODE.accessAccept, REJECT: CODE.accessReject, CHALLENGE: CODE.accessChallenge };

/** A NAS-Identifier as the audit shows it: printable ASCII, at most 64 characters. */
const printable = (bytes: Buffer | null) =>
  bytes
    ? bytes
        .toString('latin1')
        .replace(/[^\x21-\x7e]/g, '?')
        .slice(0, 64)
    : null;

function nasOf(request: RadiusPacket): string {
  const ip = singleAttribute(request, ATTRIBUTE.nasIpAddress);
  return printable(singleAttribute(request, ATTRIBUTE.nasIdentifier)) ?? (ip?.length === 4 ? [...ip].join('.') : '-');
}

function responseAttributes(answer: CheckAnswer): Attribute[] {
  const state = answer.state ? [{ type: ATTRIBUTE.state, value: Buffer.from(answer.state, 'hex') }] : [];
  return [...textAttributes(ATTRIBUTE.replyMessage, answer.message), ...state];
}

export function startRadiusServer(options: RadiusServerOptions): Promise<RunningRadius> {
  const { clients, checker, throttle, metrics } = options;
  const cache = new RetransmissionCache();
  const socket: Socket = createSocket({ type: isIP(options.host) === 6 ? 'udp6' : 'udp4' });

  async function handle(datagram: Buffer, peer: RemoteInfo): Promise<void> {
    const startedAt = performance.now();
    const arrivedAt = Date.now();
    const client = clients.find(peer.address);
    if (!client) return metrics.dropped('radius', 'unknown-client');
    const request = decodePacket(datagram);
    if (!request) return metrics.dropped('radius', 'malformed');
    if (request.code !== CODE.accessRequest) return metrics.dropped('radius', 'not-access-request');
    if (hasMessageAuthenticator(request)) {
      if (!hasValidMessageAuthenticator(request, client.secret))
        return metrics.dropped('radius', 'bad-message-authenticator');
    } else if (!client.legacy) return metrics.dropped('radius', 'missing-message-authenticator');
    const userName = singleAttribute(request, ATTRIBUTE.userName);
    if (!userName) return metrics.dropped('radius', 'malformed');

    const key = RetransmissionCache.key(peer.address, peer.port, request.identifier, request.authenticator);
    const seen = cache.begin(key);
    if (seen.kind !== 'new') {
      metrics.retransmitted();
      if (seen.kind === 'answered') socket.send(seen.answer, peer.port, peer.address);
      return;
    }
    if (!throttle.admit(client.name)) {
      cache.finish(key, null);
      return metrics.dropped('radius', 'overloaded');
    }
    try {
      const hidden = singleAttribute(request, ATTRIBUTE.userPassword);
      const password = hidden ? revealPassword(hidden, client.secret, request.authenticator) : null;
      const state = singleAttribute(request, ATTRIBUTE.state);
      const user = userName.toString('utf8');
      const answer =
        password === null
          ? REJECT // no PAP password (CHAP and MS-CHAP carry hashes a one-time code cannot be checked by)
          : await throttle.forUser(
              user,
              arrivedAt,
              () =>
                checker.check({
                  user,
                  pass: password.toString('utf8'),
                  ...(state ? { state: state.toString('hex') } : {}),
                  via: `radius client=${client.name} nas=${nasOf(request)}`,
                  client: `radius ${client.name}`,
                }),
              isAccept,
            );
      const response = encodeResponse(request, RESPONSE_CODE[answer.result], responseAttributes(answer), client.secret);
      cache.finish(key, response);
      socket.send(response, peer.port, peer.address);
      metrics.answered('radius', answer, startedAt);
    } catch (error) {
      // No answer: the NAS retransmits (and gets a fresh try) or fails over to another server.
      cache.finish(key, null);
      if (!(error instanceof BackendUnavailable)) throw error;
      metrics.dropped('radius', 'unavailable');
    } finally {
      throttle.release(client.name);
    }
  }

  socket.on('message', (datagram, peer) => {
    handle(datagram, peer).catch((error: unknown) => console.error(`RADIUS: ${(error as Error).message}`));
  });
  return new Promise((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(options.port, options.host, () => {
      socket.off('error', reject);
      socket.on('error', (error) => console.error(`RADIUS socket: ${error.message}`));
      resolve({
        port: socket.address().port,
        close: () => new Promise<void>((done) => socket.close(() => done())),
      });
    });
  });
}
