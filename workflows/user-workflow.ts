// One user (id `user-<ID>`): the consistent home of a user's serials, which the authentication path
// reads here, never from visibility (spec §4). The serials are also kept in the memo, which the
// server answers from without a worker.
import {
  allHandlersFinished,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  setHandler,
  upsertMemo,
  workflowInfo,
} from '@temporalio/workflow';
import { invalid } from '../contract/failures.js';
import {
  attachTokenUpdate,
  detachTokenSignal,
  putUserUpdate,
  tokenWorkflowId,
  USER_SERIALS_MEMO,
  userChangedSignal,
  userQuery,
} from '../contract/messages.js';
import { parse, type PutUserPayload } from '../contract/payload-schemas.js';
import type { User } from '../domain/types.js';
import { UserEntity } from './user-entity.js';
import { validatorOf } from './validate.js';

export interface UserWorkflowInput {
  user: User | null;
}

/** Memos are per run: written with every change to the serials and at the start of every run. */
function publishSerials(user: User): void {
  upsertMemo({ [USER_SERIALS_MEMO]: user.serials });
}

/** Fire-and-forget: a token that is gone simply does not hear it. */
function tellTokens(user: User): void {
  for (const serial of user.serials) {
    getExternalWorkflowHandle(tokenWorkflowId(serial))
      .signal(userChangedSignal, user)
      .catch(() => undefined);
  }
}

export async function userWorkflow(input: UserWorkflowInput): Promise<void> {
  const id = workflowInfo().workflowId.replace(/^user-/, '');
  const entity = new UserEntity(id, input.user, { serialsChanged: publishSerials, recordChanged: tellTokens });
  if (input.user) publishSerials(input.user);

  setHandler(userQuery, () => entity.user);
  const thisUser = (payload: PutUserPayload) => {
    if (payload.id !== id) throw invalid('the user id does not match this workflow');
  };
  setHandler(putUserUpdate, (payload) => entity.put(payload), validatorOf(parse.putUser, thisUser));
  setHandler(attachTokenUpdate, (payload) => entity.attach(payload), validatorOf(parse.tokenLink));
  setHandler(detachTokenSignal, (payload) => {
    const parsed = parse.tokenLink(payload);
    if (parsed.ok) entity.detach(parsed.value);
  });

  await condition(() => workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await continueAsNew<typeof userWorkflow>({ user: entity.user });
}
