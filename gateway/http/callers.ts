// Who may call the HTTP API (spec §7): bearer tokens, one per caller. A tokens file has one caller
// per line, `NAME TOKEN`, `#` comments; `EA_GATEWAY_TOKEN` alone is the quick start's one caller,
// `default`. Tokens are compared in constant time (by their SHA-256, so lengths leak nothing either).
import { createHash, timingSafeEqual } from 'node:crypto';

export interface Callers {
  /** The caller whose token is `token`; null for none. */
  find(token: string): string | null;
}

/** Long enough not to be guessed; `openssl rand -hex 32` makes one. */
export const MIN_TOKEN_LENGTH = 32;

const digest = (text: string) => createHash('sha256').update(text, 'utf8').digest();

export class TokensFileError extends Error {}

function callersOf(entries: { name: string; token: string }[]): Callers {
  const digests = entries.map((e) => ({ name: e.name, digest: digest(e.token) }));
  return {
    find(token) {
      const presented = digest(token);
      let found: string | null = null;
      // Every entry is compared, whichever matches.
      for (const entry of digests) if (timingSafeEqual(entry.digest, presented)) found ??= entry.name;
      return found;
    },
  };
}

function checked(name: string, token: string, where: string) {
  if (token.length < MIN_TOKEN_LENGTH)
    throw new TokensFileError(`${where}: a token must be at least ${MIN_TOKEN_LENGTH} characters`);
  return { name, token };
}

export function parseTokensFile(text: string, file = 'tokens file'): Callers {
  const entries = text.split(/\r?\n/).flatMap((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return [];
    const where = `${file} line ${index + 1}`;
    const [name, token, ...rest] = line.split(/\s+/);
    if (!token || rest.length > 0) throw new TokensFileError(`${where}: expected "NAME TOKEN"`);
    return [checked(name!, token, where)];
  });
  if (entries.length === 0) throw new TokensFileError(`${file}: no callers`);
  return callersOf(entries);
}

export function singleCaller(token: string): Callers {
  return callersOf([checked('default', token, 'EA_GATEWAY_TOKEN')]);
}
