// The principal registry (id `ea-principals`): the keys and roles every signed request is checked
// against. Its state changes only through signed requests. A run that was not continued from this
// workflow's own previous run starts empty, whatever input it was given: a workflow started from
// outside cannot bring principals with it.
import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  addPrincipalUpdate,
  broadcastProgressQuery,
  initPrincipalsUpdate,
  principalsQuery,
  registryQuery,
  revokePrincipalUpdate,
  type BroadcastProgress,
} from '../contract/messages.js';
import { parse } from '../contract/payload-schemas.js';
import { auditExport } from './audit-export.js';
import { Broadcast } from './broadcast.js';
import { EMPTY_REGISTRY, PrincipalEntity, type PrincipalsSnapshot } from './principal-entity.js';
import { validatorOf } from './validate.js';
import type { PrincipalRecord } from '../trust/principal.js';

export interface PrincipalsWorkflowInput {
  registry?: PrincipalsSnapshot;
  broadcast?: BroadcastProgress;
}

export async function principalsWorkflow(input: PrincipalsWorkflowInput): Promise<void> {
  const { workflowId, continuedFromExecutionRunId } = workflowInfo();
  const carried = continuedFromExecutionRunId !== undefined ? input : undefined;
  const entity = new PrincipalEntity(carried?.registry ?? EMPTY_REGISTRY, (records) => auditExport.export(records));
  const broadcast = new Broadcast(entity.view().version, carried?.broadcast);
  const due = () => entity.view().version > broadcast.reached;

  /**
   * Applies a change, then answers once every workflow was told of it (the main loop broadcasts):
   * a revocation holds once answered. Changes made during a broadcast share the next one.
   */
  const announced =
    <P>(change: (argument: P, workflowId: string, nowMs: number) => PrincipalRecord) =>
    async (argument: P): Promise<PrincipalRecord> => {
      const record = change.call(entity, argument, workflowId, Date.now());
      const version = entity.view().version;
      await condition(() => broadcast.reached >= version);
      return record;
    };

  setHandler(principalsQuery, () => entity.list());
  setHandler(registryQuery, () => entity.view());
  setHandler(broadcastProgressQuery, () => broadcast.snapshot());
  setHandler(initPrincipalsUpdate, announced(entity.init), validatorOf(parse.initPrincipals));
  setHandler(addPrincipalUpdate, announced(entity.add), validatorOf(parse.addPrincipal));
  setHandler(revokePrincipalUpdate, announced(entity.revoke), validatorOf(parse.revokePrincipal));

  for (;;) {
    await condition(() => due() || workflowInfo().continueAsNewSuggested);
    if (due()) {
      const { version } = entity.view();
      await broadcast.run({ kind: 'principals', version }, version);
      continue;
    }
    await condition(() => allHandlersFinished() || due());
    if (due()) continue;
    await continueAsNew<typeof principalsWorkflow>({ registry: entity.snapshot(), broadcast: broadcast.snapshot() });
  }
}
