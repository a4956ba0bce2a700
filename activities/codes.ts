// Randomness lives here, never in workflow code: emergency codes and salts come from the CSPRNG.
// Plaintext codes go back to the workflow only inside codec-encrypted payloads; what the workflow
// keeps is their salted hashes.
import { randomBytes, randomInt } from 'node:crypto';
import { generateCode } from '../domain/code-format.js';
import { hashSecret } from '../domain/secret-hash.js';
import type { CodeFormat, SecretHash } from '../domain/types.js';

export interface IssuedCodes {
  codes: string[];
  hashes: SecretHash[];
}

const salt = () => randomBytes(16).toString('hex');

export async function generateCodes(request: { format: CodeFormat; count: number }): Promise<IssuedCodes> {
  const codes = Array.from({ length: request.count }, () => generateCode(request.format, (max) => randomInt(max)));
  return { codes, hashes: codes.map((code) => hashSecret(code, salt())) };
}

export async function hashSecrets(secrets: string[]): Promise<SecretHash[]> {
  return secrets.map((secret) => hashSecret(secret, salt()));
}
