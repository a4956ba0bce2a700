// One user (id `user-<ID>`): profile, contacts, on-demand channel and the serials they hold. The
// authentication path reads the serials here, consistently, never from visibility (spec §4).
import { allHandlersFinished, condition, continueAsNew, getExternalWorkflowHandle, patched, setHandler, upsertMemo, workflowInfo } from '@temporalio/workflow';
import { addSerial, removeSerial, validateUser } from '../domain/user.js';
import type { User } from '../domain/types.js';
import { attachTokenUpdate, detachTokenSignal, putUserUpdate, tokenWorkflowId, USER_SERIALS_MEMO, userChangedSignal, userQuery } from '../contract/messages.js';
import { invalid, refused } from '../contract/failures.js';
import { parse } from '../contract/payload-schemas.js';

/** User workflows with this patch tell the user's tokens of every change to the record. */
export const TELL_TOKENS_PATCH = 'tell-tokens-of-user-changes';

/** User workflows with this patch keep the serials in their memo too, for authentication's read. */
export const SERIALS_MEMO_PATCH = 'serials-in-memo';

/** Written with every change to the serials and at the start of every run (memos are per run). */
function publishSerials(user: User | null): void {
  if (user && patched(SERIALS_MEMO_PATCH)) upsertMemo({ [USER_SERIALS_MEMO]: user.serials });
}

/** Fire-and-forget: a token that is gone simply does not hear it. */
function tellTokens(user: User): void {
  for (const serial of user.serials) {
    getExternalWorkflowHandle(tokenWorkflowId(serial)).signal(userChangedSignal, user).catch(() => undefined);
  }
}

export interface UserWorkflowInput {
  user: User | null;
}

export async function userWorkflow(input: UserWorkflowInput): Promise<void> {
  let user = input.user;
  publishSerials(user);

  setHandler(userQuery, () => user);
  setHandler(
    putUserUpdate,
    (payload) => {
      const merged = {
        id: payload.id,
        name: payload.name ?? user?.name ?? payload.id,
        email: payload.email === undefined ? (user?.email ?? null) : payload.email,
        mobile: payload.mobile === undefined ? (user?.mobile ?? null) : payload.mobile,
        onDemand: payload.onDemand === undefined ? (user?.onDemand ?? null) : payload.onDemand,
      };
      const checked = validateUser(merged);
      if (!checked.ok) throw invalid(checked.errors.map((e) => `${e.field}: ${e.message}`).join('; '), checked.errors);
      const next: User = { ...checked.user, serials: user?.serials ?? [] };
      const outcome = !user ? 'created' : JSON.stringify(next) === JSON.stringify(user) ? 'unchanged' : 'updated';
      user = next;
      if (outcome === 'updated' && patched(TELL_TOKENS_PATCH)) tellTokens(user);
      return { user, outcome };
    },
    {
      validator: (payload) => {
        const parsed = parse.putUser(payload);
        if (!parsed.ok) throw invalid(parsed.message);
        if (parsed.value.id !== workflowInfo().workflowId.replace(/^user-/, '')) throw invalid('the user id does not match this workflow');
      },
    },
  );
  setHandler(
    attachTokenUpdate,
    (payload) => {
      if (!user) throw refused(`user ${workflowInfo().workflowId.replace(/^user-/, '')} does not exist; add the user first`);
      const result = addSerial(user, payload.serial);
      if (!result.ok) throw refused(result.message);
      user = result.user;
      publishSerials(user);
      return user;
    },
    { validator: (payload) => void assertValid(parse.tokenLink(payload)) },
  );
  setHandler(detachTokenSignal, (payload) => {
    const parsed = parse.tokenLink(payload);
    if (parsed.ok && user) {
      const result = removeSerial(user, parsed.value.serial);
      if (result.ok) {
        user = result.user;
        publishSerials(user);
      }
    }
  });

  await condition(() => workflowInfo().continueAsNewSuggested);
  await condition(allHandlersFinished);
  await continueAsNew<typeof userWorkflow>({ user });
}

function assertValid(result: { ok: boolean; message?: string }): void {
  if (!result.ok) throw invalid(result.message ?? 'invalid input');
}
