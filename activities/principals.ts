// The registry as workers hand it to workflows. A worker that knows the root admin's public key
// (EA_ROOT_PUBLIC_KEY, or the bootstrap admin key in its data folder) hands out only a registry
// whose first admin is that key: a registry started afresh by someone who reached the server, with
// an admin of their own, is not believed, and every signed request is then refused (fail closed).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { log } from '@temporalio/activity';
import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { PRINCIPALS_WORKFLOW_ID, registryQuery } from '../contract/messages.js';
import { base64urlToBytesOfSize } from '../trust/base64url.js';
import { publicKeyOf } from '../trust/envelope.js';
import { encodePublicKey, type PrincipalsView } from '../trust/principal.js';

const EMPTY: PrincipalsView = { version: 0, principals: {} };

/** The root admin's public key (base64url), or null when this worker pins none. */
export async function rootPublicKey(env: NodeJS.ProcessEnv, dataDir: string): Promise<string | null> {
  if (env.EA_ROOT_PUBLIC_KEY) return env.EA_ROOT_PUBLIC_KEY;
  try {
    const file = JSON.parse(await readFile(join(dataDir, 'keys', 'admin.key'), 'utf8')) as { privateKey?: unknown };
    const privateKey = base64urlToBytesOfSize(file.privateKey, 32);
    return privateKey ? encodePublicKey(publicKeyOf(privateKey)) : null;
  } catch {
    return null;
  }
}

/** The key of the registry's first principal: the admin that initialized it. */
function firstAdminKey(view: PrincipalsView): string | null {
  const first = Object.values(view.principals).sort((a, b) => a.addedAt.localeCompare(b.addedAt))[0];
  return first?.roles.includes('admin') ? first.publicKey : null;
}

export function createPrincipalActivities(client: Client, root: () => Promise<string | null>) {
  return {
    async fetchPrincipals(): Promise<PrincipalsView> {
      let view: PrincipalsView;
      try {
        view = await client.workflow.getHandle(PRINCIPALS_WORKFLOW_ID).query(registryQuery);
      } catch (error) {
        if (error instanceof WorkflowNotFoundError) return EMPTY;
        throw error;
      }
      const pinned = await root();
      if (pinned !== null && firstAdminKey(view) !== pinned) {
        log.error('the principal registry was not initialized by the root admin this worker pins; refusing it');
        return EMPTY;
      }
      return view;
    },
  };
}
