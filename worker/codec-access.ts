// Who may call the codec endpoint (product spec §5). Its bearer token: `EA_CODEC_TOKEN`, else the
// token file `<data>/codec.token`, created once (exclusively, mode 0600) with 32 random bytes in
// base64url. The pages that may call it: `EA_CODEC_ORIGINS` (comma-separated origins), else the
// embedded Web UI's own origin.
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { readOrCreateSecretFile } from './secret-file.js';

export const CODEC_TOKEN_FILE = 'codec.token';
const MIN_TOKEN_LENGTH = 16;

export interface CodecToken {
  token: string;
  /** Where it came from, for messages (never the token itself). */
  source: 'EA_CODEC_TOKEN' | string;
}

export function loadCodecToken(env: NodeJS.ProcessEnv, dataDir: string): CodecToken {
  const fromEnv = env.EA_CODEC_TOKEN?.trim();
  if (fromEnv !== undefined && fromEnv !== '') {
    if (fromEnv.length < MIN_TOKEN_LENGTH)
      throw new Error(`EA_CODEC_TOKEN must be at least ${MIN_TOKEN_LENGTH} characters (\`openssl rand -hex 32\`)`);
    return { token: fromEnv, source: 'EA_CODEC_TOKEN' };
  }
  const path = join(dataDir, CODEC_TOKEN_FILE);
  const { text } = readOrCreateSecretFile(path, () => `${randomBytes(32).toString('base64url')}\n`);
  const token = text.trim();
  if (token.length < MIN_TOKEN_LENGTH) throw new Error(`${path} holds no token of ${MIN_TOKEN_LENGTH}+ characters`);
  return { token, source: path };
}

/** The embedded Web UI's port by default (`ea server`: gRPC port + 1000). */
export const DEFAULT_UI_PORT = 8233;

export function codecOrigins(env: NodeJS.ProcessEnv, uiPort = DEFAULT_UI_PORT): string[] {
  const configured = env.EA_CODEC_ORIGINS?.split(',')
    .map((origin) => origin.trim())
    .filter(Boolean);
  if (configured && configured.length > 0) {
    for (const origin of configured) {
      if (!URL.canParse(origin) || new URL(origin).origin !== origin)
        throw new Error(`EA_CODEC_ORIGINS: "${origin}" is not an origin (scheme://host[:port], no path)`);
    }
    return configured;
  }
  return [`http://127.0.0.1:${uiPort}`, `http://localhost:${uiPort}`];
}

/** The endpoint the Web UI is given: the token as the first path segment (it can send no header). */
export function uiCodecEndpoint(base: string, token: string): string {
  return `${base}/${encodeURIComponent(token)}`;
}
