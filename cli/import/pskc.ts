// Tokens from PSKC (RFC 6030) with plaintext secrets: one token per <KeyPackage>. Namespace prefixes
// (`pskc:`) are ignored. Each package maps onto the same fields as a CSV row (token-fields.ts).
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { Secret } from 'otpauth';
import { EaError, type NewToken } from '../../client/ea-service.js';
import { firstOccurrence, type Parsed, type Row, type Skipped } from './parsed.js';
import { tokenFromFields, type TokenFields } from './token-fields.js';

type Node = Record<string, unknown>;

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  processEntities: false, // a DTD is refused before parsing; this is the second lock
  isArray: (_name, path) => path === 'KeyContainer.KeyPackage' || path === 'KeyContainer.KeyPackage.Key',
});

export function parsePskc(text: string, timeZone: string): Parsed<NewToken> {
  refuseDtd(text);
  const valid = XMLValidator.validate(text);
  if (valid !== true) throw new EaError('invalid', `line ${valid.err.line}: not well-formed XML: ${valid.err.msg}`);
  const document = parser.parse(text) as Node;
  const container = document.KeyContainer;
  if (!isNode(container)) throw new EaError('invalid', 'not a PSKC file: the root element must be <KeyContainer>');
  const packages = (container.KeyPackage as unknown[] | undefined) ?? [];
  const lines = keyPackageLines(text);
  const rows: Row<NewToken>[] = [];
  const skipped: Skipped[] = [];
  packages.forEach((pkg, i) => {
    const line = lines[i] ?? 0;
    const fields = isNode(pkg) ? packageFields(pkg) : { errors: ['empty <KeyPackage>'] };
    const result = 'errors' in fields ? fields : tokenFromFields(fields, timeZone);
    if ('errors' in result) skipped.push({ line, error: result.errors.join('; ') });
    else rows.push({ line, value: result.token });
  });
  return firstOccurrence({ rows, skipped }, 'serial', (t) => t.serial);
}

/**
 * PSKC needs no DTD; one can only pull in files (external entities) or expand into gigabytes
 * (nested entities), so a file that declares one is bad input, not an unexpected error.
 */
function refuseDtd(text: string): void {
  const at = hideCommentsAndCdata(text).search(/<!(?:DOCTYPE|ENTITY)\b/i);
  if (at >= 0)
    throw new EaError(
      'invalid',
      `line ${lineAt(text, at)}: a DTD (<!DOCTYPE> or <!ENTITY>) is refused in PSKC files; export the file without one`,
    );
}

/** RFC 6030 element paths → token fields; what our tokens cannot be (encrypted, non-decimal, other algorithms) is refused. */
function packageFields(pkg: Node): TokenFields | { errors: string[] } {
  const device = child(pkg, 'DeviceInfo');
  const keys = (pkg.Key as unknown[] | undefined) ?? [];
  const key = keys[0];
  if (keys.length !== 1 || !isNode(key))
    return { errors: [keys.length ? 'more than one <Key> in the <KeyPackage>' : 'no <Key> in the <KeyPackage>'] };
  const errors: string[] = [];
  const algorithmUri = String(key['@Algorithm'] ?? '');
  const type = /[:#](hotp|totp)$/i.exec(algorithmUri)?.[1];
  if (!type) errors.push(`Key Algorithm: "${algorithmUri}" is not HOTP or TOTP`);
  const parameters = child(key, 'AlgorithmParameters');
  const format = child(parameters, 'ResponseFormat');
  if (format['@Encoding'] !== undefined && String(format['@Encoding']).toUpperCase() !== 'DECIMAL')
    errors.push(`ResponseFormat Encoding: ${String(format['@Encoding'])} is not DECIMAL`);
  const data = child(key, 'Data');
  const secret = child(data, 'Secret');
  if (secret.EncryptedValue !== undefined)
    errors.push('Secret: encrypted secrets are not supported; export the file with plaintext secrets');
  const seed = secretAsBase32(textOf(secret.PlainValue));
  if (seed === null) errors.push('Secret: PlainValue is not base64');
  if (errors.length) return { errors };
  return {
    serial: textOf(device.SerialNo),
    user: textOf(key.UserId) ?? textOf(device.UserId),
    seed: seed ?? undefined,
    type,
    digits: format['@Length'] === undefined ? undefined : String(format['@Length']),
    period: textOf(child(data, 'TimeInterval').PlainValue),
    counter: textOf(child(data, 'Counter').PlainValue),
    algorithm: textOf(parameters.Suite),
    expires: textOf(child(key, 'Policy').ExpiryDate) ?? textOf(device.ExpiryDate),
  };
}

/** Base64 (line breaks allowed) → base32; undefined when absent (reported as a missing seed), null when not base64. */
function secretAsBase32(base64: string | undefined): string | undefined | null {
  if (base64 === undefined) return undefined;
  const compact = base64.replace(/\s/g, '');
  if (!/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(compact) || compact === '') return null;
  return Secret.fromHex(Buffer.from(compact, 'base64').toString('hex')).base32;
}

/** The line of each <KeyPackage> start tag, in document order, outside comments and CDATA. */
function keyPackageLines(source: string): number[] {
  return [...hideCommentsAndCdata(source).matchAll(/<(?:[\w.-]+:)?KeyPackage[\s>/]/g)].map((m) =>
    lineAt(source, m.index),
  );
}

/** The text with comments and CDATA blanked out, line breaks kept, so offsets still match. */
function hideCommentsAndCdata(source: string): string {
  return source.replace(/<!--[\s\S]*?-->|<!\[CDATA\[[\s\S]*?\]\]>/g, (hidden) => hidden.replace(/[^\n]/g, ' '));
}

function lineAt(source: string, offset: number): number {
  return source.slice(0, offset).split('\n').length;
}

function child(node: Node, name: string): Node {
  const value = node[name];
  return isNode(value) ? value : {};
}

function isNode(value: unknown): value is Node {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Element text, whether the element has attributes or not. */
function textOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim();
  if (isNode(value) && typeof value['#text'] === 'string') return value['#text'].trim();
  return undefined;
}
