// `ea namespace setup`: what `ea server` does for the embedded namespace, for a cluster's. Registers
// the product's search attributes that are missing and sets the retention, changing only what
// differs, and says what it changed: a second run changes nothing.
import { status } from '@grpc/grpc-js';
import type { Connection } from '@temporalio/client';
import { isGrpcServiceError } from '@temporalio/client';
import { EaError } from '../client/ea-service.js';
import { SEARCH_ATTRIBUTES } from '../contract/search-attributes.js';
import { INDEXED_VALUE_TYPE, registerSearchAttributes, setRetention } from './prepare-namespace.js';

export interface NamespaceSetup {
  namespace: string;
  searchAttributes: { added: string[]; present: string[] };
  retention: { days: number; previousDays: number; changed: boolean };
  changed: boolean;
}

const DAY_MS = 86_400_000;

/** What the server says, as the CLI's error classes (spec §8). */
function setupError(error: unknown, namespace: string): EaError {
  if (error instanceof EaError) return error;
  const cause = { cause: error };
  const code = isGrpcServiceError(error) ? error.code : undefined;
  const details = isGrpcServiceError(error) ? error.details : (error as Error).message;
  if (code === status.NOT_FOUND) return new EaError('not-found', `unknown namespace ${namespace}`, [], cause);
  if (code === status.PERMISSION_DENIED || code === status.UNAUTHENTICATED)
    return new EaError('refused', `the server refused the namespace change: ${details}`, [], cause);
  if (code === status.INVALID_ARGUMENT || code === status.FAILED_PRECONDITION)
    return new EaError('invalid', `the server refused the value: ${details}`, [], cause);
  return new EaError('unavailable', `cannot reach the Temporal server: ${details}`, [], cause);
}

export async function setUpNamespace(
  connection: Pick<Connection, 'operatorService' | 'workflowService'>,
  namespace: string,
  retentionDays: number,
): Promise<NamespaceSetup> {
  try {
    const described = await connection.workflowService.describeNamespace({ namespace });
    const listed = await connection.operatorService.listSearchAttributes({ namespace });
    const known = listed.customAttributes ?? {};
    // A name taken with another type is not ours to change: the namespace's owner decides.
    const clashes = SEARCH_ATTRIBUTES.filter(
      (key) => key.name in known && known[key.name] !== INDEXED_VALUE_TYPE[key.type],
    );
    if (clashes.length > 0)
      throw new EaError(
        'refused',
        `search attribute ${clashes.map((key) => `${key.name} (wanted ${key.type})`).join(', ')} is registered with another type; remove it or use another namespace`,
      );
    const added = await registerSearchAttributes(connection, namespace);
    const ttl = described.config?.workflowExecutionRetentionTtl;
    const previousDays = (Number(ttl?.seconds ?? 0) * 1000 + Math.round((ttl?.nanos ?? 0) / 1e6)) / DAY_MS;
    const retentionChanged = previousDays !== retentionDays;
    if (retentionChanged) await setRetention(connection, namespace, retentionDays);
    return {
      namespace,
      searchAttributes: {
        added,
        present: SEARCH_ATTRIBUTES.map((key) => key.name).filter((name) => !added.includes(name)),
      },
      retention: { days: retentionDays, previousDays, changed: retentionChanged },
      changed: added.length > 0 || retentionChanged,
    };
  } catch (error) {
    throw setupError(error, namespace);
  }
}
