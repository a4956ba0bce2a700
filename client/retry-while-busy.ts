// The server refuses an 11th concurrent update on one workflow (trap 4) with RESOURCE_EXHAUSTED.
// The SDK's own retries stop at the call's deadline; this retries the whole call, each attempt under
// a deadline of its own, after a growing, jittered pause.
import { randomInt } from 'node:crypto';
import { isBusy } from './ea-error-of.js';

export async function retryWhileBusy<T>(call: () => Promise<T>, attempts = 6): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (!isBusy(error) || attempt >= attempts) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt + randomInt(20)));
    }
  }
}
