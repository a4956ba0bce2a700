// Who may ask (spec §7): RADIUS clients by source address, each with its shared secret. The clients
// file has one client per line, `ADDRESS[/PREFIX] SECRET [name=NAME] [legacy]`, `#` comments; the
// first line whose address matches decides. `legacy` lets a client that cannot send a
// Message-Authenticator in (BlastRADIUS: only for a NAS that cannot be upgraded). With no file,
// `EA_RADIUS_SECRET` serves loopback clients alone: the quick start.
import { BlockList, isIP } from 'node:net';

export interface RadiusClient {
  /** For the audit and the metrics: `name=`, else the address as written. */
  name: string;
  secret: Buffer;
  /** May omit the Message-Authenticator (still checked when sent). */
  legacy: boolean;
}

export interface RadiusClients {
  /** The client at `address` (IPv4 or IPv6, as dgram reports it); null for an unknown one. */
  find(address: string): RadiusClient | null;
  readonly size: number;
}

/** RFC 2865 §3 asks for at least 16 octets; shorter secrets are refused, not warned about. */
export const MIN_SECRET_BYTES = 16;

interface Entry extends RadiusClient {
  block: BlockList;
}

export class ClientsFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClientsFileError';
  }
}

function blockOf(address: string, where: string): BlockList {
  const [host, prefixText, ...rest] = address.split('/');
  const family = isIP(host ?? '');
  if (!family || rest.length > 0) throw new ClientsFileError(`${where}: "${address}" is not an IP address or prefix`);
  const type = family === 4 ? 'ipv4' : 'ipv6';
  const block = new BlockList();
  if (prefixText === undefined) {
    block.addAddress(host!, type);
    return block;
  }
  const prefix = Number(prefixText);
  if (!/^\d+$/.test(prefixText) || prefix > (family === 4 ? 32 : 128))
    throw new ClientsFileError(`${where}: "${address}" has no valid prefix length`);
  block.addSubnet(host!, prefix, type);
  return block;
}

function secretOf(text: string, where: string): Buffer {
  const secret = Buffer.from(text, 'utf8');
  if (secret.length < MIN_SECRET_BYTES)
    throw new ClientsFileError(`${where}: the shared secret must be at least ${MIN_SECRET_BYTES} bytes`);
  return secret;
}

function lookup(entries: Entry[]): RadiusClients {
  return {
    size: entries.length,
    find(address) {
      // dgram reports IPv4 peers of a dual-stack socket as ::ffff:a.b.c.d.
      const plain = address.startsWith('::ffff:') && isIP(address.slice(7)) === 4 ? address.slice(7) : address;
      const type = isIP(plain) === 4 ? 'ipv4' : 'ipv6';
      const entry = entries.find((e) => e.block.check(plain, type));
      return entry ? { name: entry.name, secret: entry.secret, legacy: entry.legacy } : null;
    },
  };
}

/** The clients in a clients file's text; a line that is not right is an error naming the line. */
export function parseClientsFile(text: string, file = 'clients file'): RadiusClients {
  const entries: Entry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (!line) return;
    const where = `${file} line ${index + 1}`;
    const [address, secret, ...options] = line.split(/\s+/);
    if (!secret) throw new ClientsFileError(`${where}: expected "ADDRESS[/PREFIX] SECRET [name=NAME] [legacy]"`);
    let name = address!;
    let legacy = false;
    for (const option of options) {
      if (option === 'legacy') legacy = true;
      else if (option.startsWith('name=') && option.length > 5) name = option.slice(5);
      else throw new ClientsFileError(`${where}: unknown option "${option}" (name=NAME or legacy)`);
    }
    entries.push({ block: blockOf(address!, where), secret: secretOf(secret, where), name, legacy });
  });
  if (entries.length === 0) throw new ClientsFileError(`${file}: no clients`);
  return lookup(entries);
}

/** The quick start: loopback clients (127.0.0.0/8 and ::1) with one secret. */
export function loopbackClients(secret: string): RadiusClients {
  return lookup(
    ['127.0.0.0/8', '::1'].map((address) => ({
      block: blockOf(address, 'EA_RADIUS_SECRET'),
      secret: secretOf(secret, 'EA_RADIUS_SECRET'),
      name: 'loopback',
      legacy: false,
    })),
  );
}
