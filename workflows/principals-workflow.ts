// The principal registry (id `ea-principals`): the keys and roles every signed request is checked
// against. Its state changes only through signed requests. A run that was not continued from this
// workflow's own previous run starts empty, whatever input it was given: a workflow started from
// outside cannot bring principals with it.
import { allHandlersFinished, condition, continueAsNew, setHandler, workflowInfo } from '@temporalio/workflow';
import {
  addPrincipalUpdate,
  initPrincipalsUpdate,
  principalsQuery,
  revokePrincipalUpdate,
} from '../contract/messages.js';
import { parse } from '../contract/payload-schemas.js';
import { auditExport } from './audit-export.js';
import { EMPTY_REGISTRY, PrincipalEntity, type PrincipalsSnapshot } from './principal-entity.js';
import { validatorOf } from './validate.js';

export interface PrincipalsWorkflowInput {
  registry?: PrincipalsSnapshot;
}

export async function principalsWorkflow(input: PrincipalsWorkflowInput): Promise<void> {
  const { workflowId, continuedFromExecutionRunId } = workflowInfo();
  const carried = continuedFromExecutionRunId !== undefined ? input.registry : undefined;
  const entity = new PrincipalEntity(carried ?? EMPTY_REGISTRY, (records) => auditExport.export(records));

  setHandler(principalsQuery, () => entity.list());
  setHandler(
    initPrincipalsUpdate,
    (argument) => entity.init(argument, workflowId, Date.now()),
    validatorOf(parse.initPrincipals),
  );
  setHandler(
    addPrincipalUpdate,
    (argument) => entity.add(argument, workflowId, Date.now()),
    validatorOf(parse.addPrincipal),
  );
  setHandler(
    revokePrincipalUpdate,
    (argument) => entity.revoke(argument, workflowId, Date.now()),
    validatorOf(parse.revokePrincipal),
  );

  await condition(() => workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await continueAsNew<typeof principalsWorkflow>({ registry: entity.snapshot() });
}
