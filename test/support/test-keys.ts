// A fixed key ring for tests, so clients and workers in different test processes agree.
import { loadKeyRing } from '../../worker/codec/encryption-keys.js';

export const TEST_ENCRYPTION_KEY = Buffer.alloc(32, 7).toString('base64');
export const testKeyRing = () => loadKeyRing({ EA_ENCRYPTION_KEY: TEST_ENCRYPTION_KEY }, '/nonexistent');
/** The workers' key of every test worker that starts through `ea`, so they agree with the record. */
export const TEST_WORKER_KEY = Buffer.alloc(32, 9).toString('base64');
