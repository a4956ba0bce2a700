// Clients the project did not write, installed into .venv by the README's set-up
// (requirements-test-clients.txt): pyrad sends RADIUS requests, prometheus_client parses metrics.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../worker/project-root.js';

const python = join(projectRoot, '.venv', 'bin', 'python');
const script = (name: string) => join(projectRoot, 'test', 'support', 'radius', name);

function runPython(name: string, input: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile(python, [script(name)], { timeout: 30_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${name}: ${stderr || error.message}`)) : resolve(stdout),
    );
    child.stdin!.end(input);
  });
}

export interface PyradRequest {
  host?: string;
  port: number;
  secret: string;
  user: string;
  password: string;
  state?: string;
  nasIdentifier?: string;
  messageAuthenticator?: boolean;
  sends?: number;
  bind?: string;
  timeout?: number;
}

export interface PyradReply {
  code: number;
  /** pyrad's own check, with a Message-Authenticator required (BlastRADIUS). */
  verified: boolean;
  firstAttribute: number | null;
  replyMessage: string | null;
  state: string | null;
  hex: string;
  ms: number;
}

/** Sends one Access-Request (again after each reply, `sends` times); the replies that came. */
export async function pyrad(request: PyradRequest): Promise<{ request: string; replies: PyradReply[] }> {
  const spec = { host: '127.0.0.1', timeout: 2, ...request };
  return JSON.parse(await runPython('pyrad-client.py', JSON.stringify(spec))) as {
    request: string;
    replies: PyradReply[];
  };
}

/** Every sample of a Prometheus text, keyed `name{label=value,…}` (labels sorted). */
export async function prometheusSamples(text: string): Promise<Record<string, number>> {
  return JSON.parse(await runPython('prometheus-parse.py', text)) as Record<string, number>;
}
