// A local node:http server playing an SMS provider's REST API, so tests see the request that went
// over the wire. Answers `status` (a test may change it), echoing the body like careless providers do.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProviderRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  form: URLSearchParams;
}

export interface SmsProvider {
  readonly requests: ProviderRequest[];
  /** The HTTP status the next requests get. */
  status: number;
  /** Listens on 127.0.0.1 and returns the URL of the messages resource. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

export function createSmsProvider(path = '/2010-04-01/Accounts/AC123/Messages.json'): SmsProvider {
  const provider: SmsProvider = {
    requests: [],
    status: 201,
    listen: () =>
      new Promise((resolve) => {
        server.listen(0, '127.0.0.1', () =>
          resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}${path}`),
        );
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      provider.requests.push({
        method: req.method!,
        url: req.url!,
        headers: req.headers,
        form: new URLSearchParams(body),
      });
      res
        .writeHead(provider.status, { 'content-type': 'application/json' })
        .end(JSON.stringify({ message: `echo: ${body}` }));
    });
  });
  return provider;
}
