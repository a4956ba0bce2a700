// One user (id `user-<ID>`): the consistent home of a user's serials, which the authentication path
// reads here, never from visibility (spec §4). The serials are also kept in the memo, which the
// server answers from without a worker.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import { invalid } from '../contract/failures.js';
import {
  attachTokenUpdate,
  detachTokenSignal,
  principalsChangedSignal,
  putUserUpdate,
  tokenWorkflowId,
  USER_SERIALS_MEMO,
  userChangedSignal,
  userQuery,
} from '../contract/messages.js';
import { parse, type PutUserPayload } from '../contract/payload-schemas.js';
import type { User } from '../domain/types.js';
import { auditExport } from './audit-export.js';
import { requestVerifier } from './signed-requests.js';
import { TrustGate } from './trust-gate.js';
import { UserEntity } from './user-entity.js';
import type { EaActivities } from '../activities/create-activities.js';
import type { PrincipalsView } from '../trust/principal.js';
import { RecentRequests, type RecentRequestsSnapshot } from '../trust/recent-requests.js';
import { validatorOf } from './validate.js';

export interface UserWorkflowInput {
  user: User | null;
  principals?: PrincipalsView;
  recentRequests?: RecentRequestsSnapshot;
}

const { fetchPrincipals, tokenOwner } = proxyActivities<EaActivities>({ startToCloseTimeout: '30 seconds' });

/** Memos are per run: written with every change to the serials and at the start of every run. */
function publishSerials(user: User): void {
  upsertMemo({ [USER_SERIALS_MEMO]: user.serials });
}

/** Resolves once every token has the news in its history; a token that is gone does not hear it. */
async function tellTokens(user: User): Promise<void> {
  const told = user.serials.map((serial) =>
    getExternalWorkflowHandle(tokenWorkflowId(serial))
      .signal(userChangedSignal, user)
      .catch(() => undefined),
  );
  await Promise.all(told);
}

export async function userWorkflow(input: UserWorkflowInput): Promise<void> {
  const { workflowId, continuedFromExecutionRunId } = workflowInfo();
  const id = workflowId.replace(/^user-/, '');
  // Only this workflow's own continue-as-new carries state: a run started from outside starts empty.
  const carried = continuedFromExecutionRunId !== undefined ? input : undefined;
  const entity = new UserEntity(id, carried?.user ?? null, {
    serialsChanged: publishSerials,
    recordChanged: tellTokens,
    tokenOwner,
    exportAudit: (records) => auditExport.export(records),
    now: () => Date.now(),
  });
  if (entity.user) publishSerials(entity.user);
  const gate = new TrustGate(workflowId, carried?.principals, fetchPrincipals);
  const recent = new RecentRequests(carried?.recentRequests);
  const verified = requestVerifier(gate, workflowId, recent);

  setHandler(userQuery, () => entity.user);
  const thisUser = (payload: PutUserPayload) => {
    if (payload.id !== id) throw invalid('the user id does not match this workflow');
  };
  setHandler(
    putUserUpdate,
    async (payload) => entity.put(await verified('putUser', payload)),
    validatorOf(parse.putUser, thisUser),
  );
  setHandler(
    attachTokenUpdate,
    async (payload) => entity.attach(await verified('attachToken', payload)),
    validatorOf(parse.tokenLink),
  );
  setHandler(detachTokenSignal, (payload) => {
    const parsed = parse.tokenLink(payload);
    if (parsed.ok)
      void verified('detachToken', parsed.value).then(
        (request) => entity.detach(request),
        () => undefined,
      );
  });
  setHandler(principalsChangedSignal, (payload) => gate.heard(payload));

  await condition(() => workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await continueAsNew<typeof userWorkflow>({
    user: entity.user,
    principals: gate.snapshot(),
    recentRequests: recent.snapshot(),
  });
}
