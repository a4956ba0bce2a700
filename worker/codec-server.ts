// The codec endpoint for the Temporal Web UI and CLI (`ea codec-server`, and inside `ea server`):
// POST /encode and /decode with `{payloads: [{metadata: {k: base64}, data: base64}]}` (product spec
// §5). Only for callers with its bearer token: in `Authorization: Bearer …` (the `temporal` CLI's
// `--codec-auth`), or as the first path segment, `/<token>/decode` (the Web UI appends `/decode` to
// its endpoint and cannot send a header of ours). CORS only for the configured Web UI origins, and
// never with credentials: a page from anywhere else gets no grant to read an answer.
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Payload, PayloadCodec } from '@temporalio/common';

interface JsonPayload {
  metadata?: Record<string, string>;
  data?: string;
}

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});

const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v ?? new Uint8Array()).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

const MAX_BODY_BYTES = 8 * 1024 * 1024;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

export interface CodecServerOptions {
  token: string;
  /** Exact origins (`scheme://host:port`) whose pages may call it: the Web UI's. */
  origins: readonly string[];
}

const ACTIONS = new Set(['/encode', '/decode']);

function grantOrigin(response: ServerResponse, origin: string): void {
  response.setHeader('Access-Control-Allow-Origin', origin);
  response.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  response.setHeader('Access-Control-Allow-Headers', 'content-type, x-namespace, authorization');
  response.setHeader('Access-Control-Max-Age', '600');
}

/** Compared as digests: equal length for timingSafeEqual, and no early exit on a differing length. */
function sameToken(offered: string, token: string): boolean {
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(offered), digest(token));
}

/** The token the caller offers (header first, then the path prefix) and the action it asks for. */
function parseRequest(request: IncomingMessage): { offered: string | null; action: string } {
  const path = (request.url ?? '/').split('?')[0]!;
  const cut = path.lastIndexOf('/');
  const action = path.slice(cut);
  const header = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (header) return { offered: header, action };
  if (cut <= 0) return { offered: null, action };
  try {
    return { offered: decodeURIComponent(path.slice(1, cut)), action };
  } catch {
    return { offered: null, action };
  }
}

export function createCodecServer(codec: PayloadCodec, options: CodecServerOptions): Server {
  const origins = new Set(options.origins);
  return createServer(async (request, response) => {
    response.setHeader('Vary', 'Origin');
    const origin = request.headers.origin;
    const allowed = origin === undefined || origins.has(origin);
    if (origin !== undefined && allowed) grantOrigin(response, origin);
    if (request.method === 'OPTIONS') return void response.writeHead(allowed ? 204 : 403).end();
    const { offered, action } = parseRequest(request);
    if (offered === null || !sameToken(offered, options.token)) {
      return void response
        .writeHead(401, { 'content-type': 'text/plain', 'www-authenticate': 'Bearer' })
        .end('the codec endpoint needs its bearer token\n');
    }
    if (!allowed) return void response.writeHead(403, { 'content-type': 'text/plain' }).end('origin not allowed\n');
    if (request.method !== 'POST' || !ACTIONS.has(action)) {
      return void response.writeHead(404, { 'content-type': 'text/plain' }).end('POST /encode or /decode\n');
    }
    try {
      const body = JSON.parse(await readBody(request)) as { payloads?: JsonPayload[] };
      if (!Array.isArray(body.payloads)) throw new Error('body must be {"payloads": [...]}');
      const payloads = body.payloads.map(fromJson);
      const out = action === '/encode' ? await codec.encode(payloads) : await codec.decode(payloads);
      response
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ payloads: out.map(toJson) }));
    } catch (error) {
      response.writeHead(400, { 'content-type': 'text/plain' }).end(`${(error as Error).message}\n`);
    }
  });
}

export function listen(server: Server, port: number, host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve((server.address() as { port: number }).port));
  });
}
