// The codec endpoint for the Temporal Web UI and CLI (`ea codec-server`, and inside `ea server`):
// POST /encode and /decode with `{payloads: [{metadata: {k: base64}, data: base64}]}`, CORS for the UI.
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

function cors(response: ServerResponse, origin: string | undefined): void {
  response.setHeader('Access-Control-Allow-Origin', origin ?? '*');
  response.setHeader('Vary', 'Origin');
  response.setHeader('Access-Control-Allow-Methods', 'POST, OPTIONS');
  response.setHeader('Access-Control-Allow-Headers', 'content-type, x-namespace, authorization');
  response.setHeader('Access-Control-Allow-Credentials', 'true');
}

export function createCodecServer(codec: PayloadCodec): Server {
  return createServer(async (request, response) => {
    cors(response, request.headers.origin);
    if (request.method === 'OPTIONS') return void response.writeHead(204).end();
    const action = request.url?.split('?')[0];
    if (request.method !== 'POST' || (action !== '/encode' && action !== '/decode')) {
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
