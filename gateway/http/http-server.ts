// The HTTP front end (spec §7): `POST /validate/check` for callers with a bearer token, the same
// decision and throttle as RADIUS; `GET /healthz`, `GET /metrics`, `GET /openapi.json` for anyone.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import { BackendUnavailable, isAccept, type Checker } from '../check.js';
import type { GatewayMetrics } from '../metrics.js';
import type { Throttle } from '../throttle.js';
import type { Callers } from './callers.js';
import { OPENAPI_DOCUMENT } from './openapi.js';

export interface HttpServerOptions {
  port: number;
  host: string;
  callers: Callers;
  checker: Checker;
  throttle: Throttle;
  metrics: GatewayMetrics;
}

export interface RunningHttp {
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 16 * 1024;

const checkRequest = z.strictObject({
  user: z.string().min(1).max(128),
  pass: z.string().max(128),
  state: z
    .string()
    .regex(/^[0-9a-f]{32}$/)
    .optional(),
});

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function jsonBody(request: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/.test(request.headers['content-type'] ?? ''))
    throw new HttpError(400, 'the body must be application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(400, 'the body is too large');
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HttpError(400, 'the body is not JSON');
  }
}

const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  void response
    .writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers })
    .end(JSON.stringify(body));

const bearerOf = (request: IncomingMessage) => /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];

export function startHttpServer(options: HttpServerOptions): Promise<RunningHttp> {
  const { callers, checker, throttle, metrics } = options;

  async function validateCheck(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const startedAt = performance.now();
    const arrivedAt = Date.now();
    const token = bearerOf(request);
    const caller = token === undefined ? null : callers.find(token);
    if (!caller) {
      metrics.dropped('http', 'unauthorized');
      throw new HttpError(401, 'a bearer token of a known caller is needed');
    }
    const parsed = checkRequest.safeParse(await jsonBody(request));
    if (!parsed.success) {
      metrics.dropped('http', 'malformed');
      throw new HttpError(400, `expected {user, pass, state?}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    if (!throttle.admit(caller)) {
      metrics.dropped('http', 'overloaded');
      throw new HttpError(429, 'too many requests in flight for this caller');
    }
    try {
      const { user, pass, state } = parsed.data;
      const answer = await throttle.forUser(
        user,
        arrivedAt,
        () =>
          checker.check({
            user,
            pass,
            ...(state ? { state } : {}),
            via: `http caller=${caller}`,
            client: `http ${caller}`,
          }),
        isAccept,
      );
      send(response, 200, {
        result: answer.result,
        message: answer.message,
        ...(answer.state ? { state: answer.state } : {}),
      });
      metrics.answered('http', answer, startedAt);
    } catch (error) {
      if (!(error instanceof BackendUnavailable)) throw error;
      metrics.dropped('http', 'unavailable');
      throw new HttpError(503, 'the service cannot be reached; try again');
    } finally {
      throttle.release(caller);
    }
  }

  const server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    const route = `${request.method} ${path}`;
    const handled = (async () => {
      switch (route) {
        case 'POST /validate/check':
          return validateCheck(request, response);
        case 'GET /healthz':
          return send(response, 200, { status: 'ok' });
        case 'GET /metrics':
          return void response.writeHead(200, { 'content-type': metrics.contentType }).end(await metrics.text());
        case 'GET /openapi.json':
          return send(response, 200, OPENAPI_DOCUMENT);
        default:
          throw new HttpError(404, `no ${route}; see /openapi.json`);
      }
    })();
    handled.catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) console.error(`HTTP gateway: ${(error as Error).message}`);
      const headers: Record<string, string> = status === 401 ? { 'www-authenticate': 'Bearer' } : {};
      if (!response.headersSent)
        send(response, status, { error: status === 500 ? 'internal error' : (error as Error).message }, headers);
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => {
      server.off('error', reject);
      resolve({
        port: (server.address() as { port: number }).port,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
