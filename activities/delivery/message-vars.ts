// A message's template variables as the worker renders them: the codes it carries sealed to the
// workers' key (contract/delivery.ts `sealedCodes`) are opened here, in the worker, and nowhere else.
import type { DeliveryRequest } from '../../contract/delivery.js';
import { openCodes } from '../../secrets/sealed-codes.js';
import { privateKeysOf, type WorkerKeyRing } from '../../worker/codec/worker-key.js';

export function messageVars(message: DeliveryRequest, workerKeys: WorkerKeyRing): Record<string, string> {
  if (message.sealedCodes === undefined) return message.vars;
  const codes = openCodes(privateKeysOf(workerKeys), message.sealedCodes);
  return { ...message.vars, codes: codes.join('\n'), code: codes[0] ?? '' };
}
