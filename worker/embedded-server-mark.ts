// Which Temporal server is this data folder's own embedded one (issue 16 item 25). The data folder
// holds an id (`<data>/embedded-server.id`, created once); the embedded server, on every start,
// records it in its namespace's data (`ea-embedded-server`), which lives in the SQLite file of the
// same folder. A server that answers on the port is reused only when it shows that id: anything else
// (another deployment, another data folder's server) is someone else's, and nothing attaches to it.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Connection } from '@temporalio/client';
import { readOrCreateSecretFile } from './secret-file.js';

export const EMBEDDED_SERVER_ID_FILE = 'embedded-server.id';
export const NAMESPACE_DATA_KEY = 'ea-embedded-server';

type Services = Pick<Connection, 'workflowService'>;

/** Records the data folder's id in the namespace of the server it has just started. */
export async function markEmbeddedServer(connection: Services, namespace: string, dataDir: string): Promise<void> {
  const { text } = readOrCreateSecretFile(join(dataDir, EMBEDDED_SERVER_ID_FILE), () =>
    randomBytes(16).toString('hex'),
  );
  // The server merges `data` into the namespace's, so other keys stay as they are.
  await connection.workflowService.updateNamespace({
    namespace,
    updateInfo: { data: { [NAMESPACE_DATA_KEY]: text.trim() } },
  });
}

/** Whether the server behind `connection` is the one this data folder started (and marked). */
export async function isOwnEmbeddedServer(connection: Services, namespace: string, dataDir: string): Promise<boolean> {
  let id: string;
  try {
    id = readFileSync(join(dataDir, EMBEDDED_SERVER_ID_FILE), 'utf8').trim();
  } catch {
    return false; // this folder never started a server
  }
  try {
    const described = await connection.workflowService.describeNamespace({ namespace });
    return described.namespaceInfo?.data?.[NAMESPACE_DATA_KEY] === id;
  } catch {
    return false; // no such namespace there: not ours
  }
}

/** The port is someone else's: what to do instead. */
export class PortTakenError extends Error {
  constructor(address: string, dataDir: string) {
    const port = address.split(':').pop();
    super(
      [
        `The port ${port} is taken by a Temporal server that is not this data folder's embedded server (data: ${dataDir}); nothing was started.`,
        `Choose another port for the embedded server: \`npm start -- --port ${Number(port) + 1}\` (or \`npx ea start --port ${Number(port) + 1}\`),`,
        `or, to use that server on purpose, connect to it: \`TEMPORAL_ADDRESS=${address} npm start\`.`,
      ].join('\n'),
    );
    this.name = 'PortTakenError';
  }
}
