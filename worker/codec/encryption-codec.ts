// AES-256-GCM over each whole serialized payload (as in Temporal's encryption sample), key id in
// the metadata so keys can rotate. Decoding never throws (engineering notes, trap 1): a payload it
// cannot decrypt is passed on unchanged, still marked `binary/encrypted`, and the payload converter
// turns it into an `Undecodable` marker that handlers reject.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Payload, PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';
import type { KeyRing } from './encryption-keys.js';

const { temporal } = proto;

export const ENCRYPTED_ENCODING = 'binary/encrypted';
export const KEY_ID_METADATA = 'encryption-key-id';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class EncryptionCodec implements PayloadCodec {
  constructor(private readonly keys: KeyRing) {}

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.encrypt(payload));
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => this.decrypt(payload) ?? payload);
  }

  private encrypt(payload: Payload): Payload {
    const { id, key } = this.keys.current;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv);
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
    return { metadata: { encoding: encoder.encode(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: encoder.encode(id) }, data };
  }

  /** The decrypted payload, or undefined when it is not ours to decrypt or cannot be decrypted. */
  private decrypt(payload: Payload): Payload | undefined {
    const metadata = payload.metadata ?? {};
    if (!metadata.encoding || decoder.decode(metadata.encoding) !== ENCRYPTED_ENCODING) return undefined;
    const keyId = metadata[KEY_ID_METADATA] ? decoder.decode(metadata[KEY_ID_METADATA]) : '';
    const entry = this.keys.byId.get(keyId);
    const data = payload.data;
    if (!entry || !data || data.length < IV_BYTES + TAG_BYTES) return undefined;
    try {
      const decipher = createDecipheriv('aes-256-gcm', entry.key, data.subarray(0, IV_BYTES));
      decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
      const plain = Buffer.concat([
        decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)),
        decipher.final(),
      ]);
      return temporal.api.common.v1.Payload.decode(plain);
    } catch {
      return undefined;
    }
  }
}
