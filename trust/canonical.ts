// RFC 8785 JSON Canonicalization Scheme through the `canonicalize` package: object keys sorted by
// UTF-16 code units, no whitespace, numbers and strings as ECMAScript's JSON.stringify writes them.
// It refuses what I-JSON refuses (NaN, ±Infinity, lone surrogates) and cycles, by throwing.

import canonicalize from 'canonicalize';

/** The RFC 8785 canonical form of a JSON value. Throws on a value JSON cannot carry. */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (typeof text !== 'string') throw new TypeError('the value has no JSON form');
  return text;
}
