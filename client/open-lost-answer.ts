// A loss report's answer as callers read it: the codes the worker sealed to this principal, opened
// with its key (spec §5). Nobody else's key opens them, and a copy of the answer in the workflow's
// history or a retry's answer shows nothing readable.
import type { LostAnswer, LostResult } from '../domain/views.js';
import type { Signer } from './signer.js';
import { SealError } from '../secrets/sealed-box.js';
import { EaError } from './ea-service.js';

export function openLostAnswer({ sealedCodes, ...answer }: LostAnswer, signer: Signer): LostResult {
  if (sealedCodes === null) return { ...answer, codes: [] };
  try {
    return { ...answer, codes: signer.openCodes(sealedCodes) };
  } catch (error) {
    if (!(error instanceof SealError)) throw error;
    throw new EaError(
      'refused',
      `the codes of this request were issued to another principal; only its key opens them (${signer.principal} cannot)`,
    );
  }
}
