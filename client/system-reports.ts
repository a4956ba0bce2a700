// For outside systems written in TypeScript (ticketing, asset management, portals): report a token
// lost or found with the payload checked here, before it is sent, by the same schema the workflow
// uses. Pass a client made by `connectClient` (client/connect-service.ts) so payloads are encrypted.
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

function checked<T>(result: ParseResult<T>): T {
  if (!result.ok) throw new EaError('invalid', result.message);
  return result.value;
}

/** Fire-and-forget; a repeat with the same requestId within 7 days is ignored by the workflow. */
export async function reportLost(client: Client, serial: string, report: ReportLostPayload): Promise<void> {
  await client.workflow.getHandle(tokenWorkflowId(serial)).signal(reportLostSignal, checked(parse.reportLost(report)));
}

export async function reportFound(client: Client, serial: string, report: RequestMetaPayload): Promise<void> {
  await client.workflow
    .getHandle(tokenWorkflowId(serial))
    .signal(reportFoundSignal, checked(parse.requestMeta(report)));
}
