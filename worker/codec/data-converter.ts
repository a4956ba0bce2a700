// One data converter for the worker, every client and the tests: encrypted payloads, the forgiving
// payload converter, and encoded failure messages. The converters are given by path because the
// worker also bundles them into the workflow sandbox.
import type { DataConverter } from '@temporalio/common';
import { fileURLToPath } from 'node:url';
import { EncryptionCodec } from './encryption-codec.js';
import type { KeyRing } from './encryption-keys.js';

export const payloadConverterPath = fileURLToPath(new URL('./payload-converter.ts', import.meta.url));
export const failureConverterPath = fileURLToPath(new URL('./failure-converter.ts', import.meta.url));

export function createDataConverter(keys: KeyRing): DataConverter {
  return { payloadConverterPath, failureConverterPath, payloadCodecs: [new EncryptionCodec(keys)] };
}
