// For outside systems written in TypeScript (ticketing, asset management, portals): report a token
// lost or found with the payload checked here, before it is sent, by the same schema the workflow
// uses, and signed by the system's principal (spec §5): its key file (client/keys.ts) read with
// `keyFileSigner`, or `keySigner` over a key it keeps elsewhere. Pass a client made by
// `connectClient` (client/connect-service.ts) so payloads are encrypted.
import type { Client } from '@temporalio/client';
import {
  reportFoundSignal,
  reportLostSignal,
  tokenWorkflowId,
  type ReportLostPayload,
  type RequestMetaPayload,
} from '../contract/messages.js';
import { parse, type ParseResult } from '../contract/payload-schemas.js';
import { EaError } from './ea-service.js';
import type { Signer } from './signer.js';

/** A report as a system writes it: the actor is the signer's principal, and the envelope is added here. */
export type LostReport = Omit<ReportLostPayload, 'actor' | 'envelope'>;
export type FoundReport = Omit<RequestMetaPayload, 'actor' | 'envelope'>;

function checked<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new EaError('invalid', result.message);
  return result.value;
}

/** Fire-and-forget; a repeat with the same requestId within 7 days is ignored by the workflow. */
export async function reportLost(client: Client, signer: Signer, serial: string, report: LostReport): Promise<void> {
  const workflowId = tokenWorkflowId(serial);
  const payload = checked(parse.reportLost({ ...report, actor: signer.principal }));
  await client.workflow
    .getHandle(workflowId)
    .signal(reportLostSignal, signer.sign(workflowId, reportLostSignal.name, payload));
}

export async function reportFound(client: Client, signer: Signer, serial: string, report: FoundReport): Promise<void> {
  const workflowId = tokenWorkflowId(serial);
  const payload = checked(parse.requestMeta({ ...report, actor: signer.principal }));
  await client.workflow
    .getHandle(workflowId)
    .signal(reportFoundSignal, signer.sign(workflowId, reportFoundSignal.name, payload));
}
