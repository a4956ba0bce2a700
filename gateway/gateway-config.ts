// Where `ea gateway` gets its clients and callers (spec §7, §8). RADIUS: `--clients FILE`, else
// `EA_RADIUS_SECRET` for loopback clients, else a secret in `<data>/gateway/radius-secret` made once
// (mode 0600) for loopback clients: the quick start. HTTP: `--tokens FILE`, else `EA_GATEWAY_TOKEN`,
// else `<data>/gateway/http-token` made the same way. Each source says where it is, for the
// start-up lines.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loopbackClients, parseClientsFile, type RadiusClients } from './radius/clients.js';
import { readOrCreateSecretFile } from '../worker/secret-file.js';
import { parseTokensFile, singleCaller, type Callers } from './http/callers.js';

export const GATEWAY_FOLDER = 'gateway';

export interface GatewaySources {
  clients: RadiusClients;
  callers: Callers;
  /** For the operator: where the RADIUS secret and the HTTP token are. */
  clientsFrom: string;
  callersFrom: string;
}

/** The secret in `path`; a fresh one (32 random bytes, hex) written there first if there is none. */
export function secretFile(path: string): string {
  return readOrCreateSecretFile(path, () => `${randomBytes(32).toString('hex')}\n`).text.trim();
}

export const radiusSecretPath = (dataDir: string) => join(dataDir, GATEWAY_FOLDER, 'radius-secret');
export const httpTokenPath = (dataDir: string) => join(dataDir, GATEWAY_FOLDER, 'http-token');

export function gatewaySources(
  env: NodeJS.ProcessEnv,
  dataDir: string,
  files: { clients?: string; tokens?: string },
): GatewaySources {
  let clients: RadiusClients;
  let clientsFrom: string;
  if (files.clients) {
    const file = resolve(files.clients);
    clients = parseClientsFile(readFileSync(file, 'utf8'), file);
    clientsFrom = `clients file ${file} (${clients.size} entries)`;
  } else if (env.EA_RADIUS_SECRET) {
    clients = loopbackClients(env.EA_RADIUS_SECRET);
    clientsFrom = 'loopback clients, secret EA_RADIUS_SECRET';
  } else {
    const file = radiusSecretPath(dataDir);
    clients = loopbackClients(secretFile(file));
    clientsFrom = `loopback clients, secret in ${file}`;
  }
  let callers: Callers;
  let callersFrom: string;
  if (files.tokens) {
    const file = resolve(files.tokens);
    callers = parseTokensFile(readFileSync(file, 'utf8'), file);
    callersFrom = `tokens file ${file}`;
  } else if (env.EA_GATEWAY_TOKEN) {
    callers = singleCaller(env.EA_GATEWAY_TOKEN);
    callersFrom = 'bearer token EA_GATEWAY_TOKEN';
  } else {
    const file = httpTokenPath(dataDir);
    callers = singleCaller(secretFile(file));
    callersFrom = `bearer token in ${file}`;
  }
  return { clients, callers, clientsFrom, callersFrom };
}
