// The principal registry (id `ea-principals`): the keys and roles every signed request is checked
// against. Its state changes only through signed requests. A run that was not continued from this
// workflow's own previous run starts empty, whatever input it was given: a workflow started from
// outside cannot bring principals with it.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  proxyActivities,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import type { EaActivities } from '../activities/create-activities.js';
import {
  addPrincipalUpdate,
  initPrincipalsUpdate,
  principalsQuery,
  registryQuery,
  revokePrincipalUpdate,
} from '../contract/messages.js';
import { parse } from '../contract/payload-schemas.js';
import { auditExport } from './audit-export.js';
import { EMPTY_REGISTRY, PrincipalEntity, type PrincipalsSnapshot } from './principal-entity.js';
import { validatorOf } from './validate.js';
import type { PrincipalRecord } from '../trust/principal.js';

const { broadcastPrincipals } = proxyActivities<EaActivities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
});

export interface PrincipalsWorkflowInput {
  registry?: PrincipalsSnapshot;
}

export async function principalsWorkflow(input: PrincipalsWorkflowInput): Promise<void> {
  const { workflowId, continuedFromExecutionRunId } = workflowInfo();
  const carried = continuedFromExecutionRunId !== undefined ? input.registry : undefined;
  const entity = new PrincipalEntity(carried ?? EMPTY_REGISTRY, (records) => auditExport.export(records));

  /** Applies a change, then tells every workflow before answering: a revocation holds once answered. */
  const announced =
    <P>(change: (argument: P, workflowId: string, nowMs: number) => PrincipalRecord) =>
    async (argument: P): Promise<PrincipalRecord> => {
      const record = change.call(entity, argument, workflowId, Date.now());
      await broadcastPrincipals(entity.view().version);
      return record;
    };

  setHandler(principalsQuery, () => entity.list());
  setHandler(registryQuery, () => entity.view());
  setHandler(initPrincipalsUpdate, announced(entity.init), validatorOf(parse.initPrincipals));
  setHandler(addPrincipalUpdate, announced(entity.add), validatorOf(parse.addPrincipal));
  setHandler(revokePrincipalUpdate, announced(entity.revoke), validatorOf(parse.revokePrincipal));

  await condition(() => workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await continueAsNew<typeof principalsWorkflow>({ registry: entity.snapshot() });
}
