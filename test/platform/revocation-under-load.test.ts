// Revocation under load (spec §5: "Revoking a principal takes effect at every token before its next
// request is decided"): a helpdesk principal keeps resetting the PINs of ten tokens, several
// requests in flight at a time, while an admin revokes it. Requests decided before a token learned of
// the revocation may pass; from the first refusal on, that token accepts nothing more from it, and
// nothing sent after the revocation was answered is accepted anywhere.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { EaError } from '../../client/ea-service.js';
import type { Signer } from '../../client/signer.js';
import { TemporalEaService } from '../../client/temporal-ea-service.js';
import { createProductEnv, type ProductEnv } from '../support/product-env.js';
import { registeredSigner } from '../support/principals.js';
import { PIN, operator, userWithToken } from '../support/scenario.js';

let product: ProductEnv;
let desk: TemporalEaService;
let serials: string[];
beforeAll(async () => {
  product = await createProductEnv();
  const signer: Signer = await registeredSigner(product, 'desk-load', ['helpdesk']);
  desk = new TemporalEaService(product.client, product.dataDir, signer);
  serials = await Promise.all(Array.from({ length: 10 }, async () => (await userWithToken(product.service)).serial));
}, 120_000);
afterAll(async () => {
  await product?.teardown();
});

type Outcome = 'accepted' | 'refused';
let revokeAnswered = false;

/** One token's stream of PIN resets from the helpdesk principal until `stop()`. */
async function toggle(serial: string, stop: () => boolean, sentAfterRevoke: Outcome[]): Promise<void> {
  while (!stop()) {
    const revokedBeforeSending = revokeAnswered;
    let outcome: Outcome;
    try {
      await desk.setPin(serial, PIN, operator);
      outcome = 'accepted';
    } catch (error) {
      if (!(error instanceof EaError) || error.code !== 'refused') throw error;
      outcome = 'refused';
    }
    if (revokedBeforeSending) sentAfterRevoke.push(outcome);
  }
}

it('accepts nothing from a principal at any token once it was refused there, or after revoke answered', async () => {
  const sentAfterRevoke: Outcome[] = [];
  let stopping = false;
  // Three requests in flight per token: thirty in all.
  const streams = serials.flatMap((serial) => [0, 1, 2].map(() => toggle(serial, () => stopping, sentAfterRevoke)));
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  await product.service.revokePrincipal('desk-load', operator);
  revokeAnswered = true;
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  stopping = true;
  await Promise.all(streams);

  expect(sentAfterRevoke.length).toBeGreaterThan(0);
  expect(sentAfterRevoke.filter((outcome) => outcome === 'accepted')).toEqual([]);
  for (const serial of serials) {
    const trail = (await product.service.audit(serial)).filter((r) => r.actor === 'desk-load');
    const firstRefusal = trail.findIndex((r) => r.type === 'refused');
    expect(firstRefusal, `${serial}: accepted before the revocation, refused after`).toBeGreaterThan(0);
    expect(
      trail.slice(firstRefusal).filter((r) => r.outcome !== 'refused'),
      serial,
    ).toEqual([]);
    expect(trail[firstRefusal]!.reason).toMatch(/revoked/);
  }
}, 120_000);
