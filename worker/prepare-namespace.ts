// Run on every start of the embedded server and by the test harness: the dev server's
// `--search-attribute` flag does nothing on an existing database, and its namespaces default to
// 24 h retention (engineering notes, trap 3).
import type { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import proto from '@temporalio/proto';
import { SEARCH_ATTRIBUTES } from '../contract/search-attributes.js';

const { IndexedValueType } = proto.temporal.api.enums.v1;

export const DEFAULT_RETENTION_DAYS = 30;

export const INDEXED_VALUE_TYPE: Record<string, proto.temporal.api.enums.v1.IndexedValueType> = {
  TEXT: IndexedValueType.INDEXED_VALUE_TYPE_TEXT,
  KEYWORD: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD,
  INT: IndexedValueType.INDEXED_VALUE_TYPE_INT,
  DOUBLE: IndexedValueType.INDEXED_VALUE_TYPE_DOUBLE,
  BOOL: IndexedValueType.INDEXED_VALUE_TYPE_BOOL,
  DATETIME: IndexedValueType.INDEXED_VALUE_TYPE_DATETIME,
  KEYWORD_LIST: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST,
};

type Services = Pick<Connection, 'operatorService' | 'workflowService'>;

export async function registerSearchAttributes(
  connection: Pick<Connection, 'operatorService'>,
  namespace: string,
): Promise<string[]> {
  const known = await registeredSearchAttributes(connection, namespace);
  const missing = SEARCH_ATTRIBUTES.filter((key) => !known.has(key.name));
  if (missing.length === 0) return [];
  await connection.operatorService.addSearchAttributes({
    namespace,
    searchAttributes: Object.fromEntries(missing.map((key) => [key.name, INDEXED_VALUE_TYPE[key.type]!])),
  });
  return missing.map((key) => key.name);
}

const GRPC_UNIMPLEMENTED = 12;

/** The time-skipping test server cannot list; it starts empty, so nothing is known there. */
async function registeredSearchAttributes(
  connection: Pick<Connection, 'operatorService'>,
  namespace: string,
): Promise<Set<string>> {
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    return new Set(Object.keys(existing.customAttributes ?? {}));
  } catch (error) {
    if ((error as { code?: number }).code === GRPC_UNIMPLEMENTED) return new Set();
    throw error;
  }
}

export async function setRetention(
  connection: Pick<Connection, 'workflowService'>,
  namespace: string,
  days: number,
): Promise<void> {
  await connection.workflowService.updateNamespace({
    namespace,
    config: { workflowExecutionRetentionTtl: msToTs(days * 86_400_000) },
  });
}

export async function prepareNamespace(
  connection: Services,
  namespace: string,
  retentionDays = DEFAULT_RETENTION_DAYS,
): Promise<void> {
  await registerSearchAttributes(connection, namespace);
  await setRetention(connection, namespace, retentionDays);
}
