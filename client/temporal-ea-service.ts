// EaService over the workflow contract: queries for reads, updates for acknowledged actions,
// visibility for lists. Every failure becomes an EaError (eaErrorOf) whose code picks the CLI's exit
// code. Which of a user's tokens to ask is AuthenticateByUser's to decide; the outbox and the audit
// feed are files in the data folder (LocalFeeds).
import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation, type Client, type WorkflowHandle } from '@temporalio/client';
import type { UpdateDefinition } from '@temporalio/common';
import type { AuditRecord, Policy, PolicyChange, User } from '../domain/types.js';
import type { AuthResult, LostResult, TokenStatus } from '../domain/views.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import {
  POLICY_WORKFLOW_ID,
  TASK_QUEUE,
  assignReplacementUpdate,
  assignUpdate,
  attachTokenUpdate,
  auditQuery,
  authenticateUpdate,
  clearUpdate,
  detachTokenSignal,
  extendUpdate,
  foundUpdate,
  lostUpdate,
  operatorActionUpdate,
  policyHistoryQuery,
  policyQuery,
  putUserUpdate,
  requestOnDemandUpdate,
  requestReplacementUpdate,
  setPinUpdate,
  setPolicyUpdate,
  statusQuery,
  tokenWorkflowId,
  userQuery,
  userWorkflowId,
} from '../contract/messages.js';
import { AuthenticateByUser } from './authenticate-by-user.js';
import { eaErrorOf } from './ea-error-of.js';
import {
  EaError,
  type CallMeta,
  type EaService,
  type LostOptions,
  type NewToken,
  type OperatorAction,
  type TokenListItem,
  type UserInput,
} from './ea-service.js';
import { LocalFeeds } from './local-feeds.js';
import { tokenListItemOf } from './token-list-item.js';

/** No worker answering within this time means exit code 3 (spec §8). */
export const ANSWER_TIMEOUT_MS = 10_000;

const requestIdOf = (meta: CallMeta) => meta.requestId ?? randomUUID();

export class TemporalEaService implements EaService {
  private readonly byUser = new AuthenticateByUser({
    userMemo: async (userId) =>
      (await this.call(`user ${userId}`, () => this.client.workflow.getHandle(userWorkflowId(userId)).describe())).memo,
    getUser: (userId) => this.getUser(userId),
    authenticate: (serial, request) => this.update(serial, authenticateUpdate, request),
  });
  private readonly feeds: LocalFeeds;

  constructor(
    private readonly client: Client,
    dataDir: string,
  ) {
    this.feeds = new LocalFeeds(dataDir);
  }

  // ── plumbing ─────────────────────────────────────────────────────────────────────────────────

  /** Runs a call with the answer deadline and turns Temporal's errors into EaErrors. */
  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await this.client.connection.withDeadline(Date.now() + ANSWER_TIMEOUT_MS, fn);
    } catch (error) {
      throw eaErrorOf(error, what, ANSWER_TIMEOUT_MS);
    }
  }

  private token(serial: string): WorkflowHandle {
    return this.client.workflow.getHandle(tokenWorkflowId(serial));
  }

  private update<Ret, Arg>(
    serial: string,
    def: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    requestId?: string,
  ): Promise<Ret> {
    return this.call(`token ${serial}`, () =>
      this.token(serial).executeUpdate(def, { args: [arg], updateId: requestId }),
    );
  }

  private withStart(workflowType: string, workflowId: string, args: unknown[]) {
    return new WithStartWorkflowOperation(workflowType, {
      workflowId,
      taskQueue: TASK_QUEUE,
      args,
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
  }

  private policyStart() {
    return this.withStart('policyWorkflow', POLICY_WORKFLOW_ID, [{ policy: DEFAULT_POLICY, history: [] }]);
  }

  // ── users and tokens ─────────────────────────────────────────────────────────────────────────

  async putUser(user: UserInput, meta: CallMeta) {
    return this.call(`user ${user.id}`, () =>
      this.client.workflow.executeUpdateWithStart(putUserUpdate, {
        args: [{ ...user, requestId: requestIdOf(meta), actor: meta.actor }],
        startWorkflowOperation: this.withStart('userWorkflow', userWorkflowId(user.id), [{ user: null }]),
      }),
    );
  }

  async getUser(id: string): Promise<User | null> {
    try {
      return await this.call(`user ${id}`, () => this.client.workflow.getHandle(userWorkflowId(id)).query(userQuery));
    } catch (error) {
      if (error instanceof EaError && error.code === 'not-found') return null;
      throw error;
    }
  }

  /** The user's serials, read consistently (spec §4); see AuthenticateByUser. */
  userSerials(userId: string): Promise<string[]> {
    return this.byUser.userSerials(userId);
  }

  async addToken(token: NewToken, meta: CallMeta) {
    const requestId = requestIdOf(meta);
    const link = { requestId, serial: token.serial };
    await this.call(`user ${token.userId}`, () =>
      this.client.workflow.getHandle(userWorkflowId(token.userId)).executeUpdate(attachTokenUpdate, { args: [link] }),
    );
    try {
      const assigned = await this.call(`token ${token.serial}`, () =>
        this.client.workflow.executeUpdateWithStart(assignUpdate, {
          args: [{ ...token, requestId, actor: meta.actor, origin: 'operator' }],
          startWorkflowOperation: this.withStart('tokenWorkflow', tokenWorkflowId(token.serial), [
            { serial: token.serial },
          ]),
        }),
      );
      this.byUser.assigned(token.userId, token.serial);
      return assigned;
    } catch (error) {
      const owner = await this.status(token.serial).then(
        (s) => s.user,
        () => null,
      );
      if (owner !== token.userId) await this.detach(token.userId, token.serial);
      throw error;
    }
  }

  private async detach(userId: string, serial: string): Promise<void> {
    await this.call(`user ${userId}`, () =>
      this.client.workflow
        .getHandle(userWorkflowId(userId))
        .signal(detachTokenSignal, { requestId: randomUUID(), serial }),
    );
  }

  async listTokens(): Promise<TokenListItem[]> {
    const items: TokenListItem[] = [];
    await this.call('the token list', async () => {
      for await (const execution of this.client.workflow.list({
        query: `WorkflowType = 'tokenWorkflow' AND ExecutionStatus = 'Running'`,
      })) {
        const item = tokenListItemOf(execution.typedSearchAttributes);
        if (item) items.push(item);
      }
    });
    return items;
  }

  status(serial: string): Promise<TokenStatus> {
    return this.call(`token ${serial}`, () => this.token(serial).query(statusQuery));
  }

  audit(serial: string): Promise<AuditRecord[]> {
    return this.call(`token ${serial}`, () => this.token(serial).query(auditQuery));
  }

  // ── emergency access and operator actions ────────────────────────────────────────────────────

  lost(serial: string, options: LostOptions, meta: CallMeta): Promise<LostResult> {
    const { selfService, ...request } = options;
    const requestId = requestIdOf(meta);
    return this.update(
      serial,
      lostUpdate,
      { ...request, requestId, actor: meta.actor, origin: selfService ? 'self-service' : 'operator' },
      requestId,
    );
  }

  async action(serial: string, action: OperatorAction, meta: CallMeta): Promise<TokenStatus> {
    const requestId = requestIdOf(meta);
    const base = { requestId, actor: meta.actor, origin: 'operator' as const };
    if (action === 'found') return this.update(serial, foundUpdate, base, requestId);
    if (action === 'clear') return this.update(serial, clearUpdate, base, requestId);
    const user = action === 'unassign' ? (await this.status(serial)).user : null;
    const status = await this.update(serial, operatorActionUpdate, { ...base, action }, requestId);
    if (user) await this.detach(user, serial);
    return status;
  }

  extend(serial: string, change: { lifetimeMs?: number; expiresAt?: string }, meta: CallMeta): Promise<TokenStatus> {
    const requestId = requestIdOf(meta);
    return this.update(
      serial,
      extendUpdate,
      { ...change, requestId, actor: meta.actor, origin: 'operator' },
      requestId,
    );
  }

  setPin(serial: string, pin: string | null, meta: CallMeta): Promise<TokenStatus> {
    const requestId = requestIdOf(meta);
    return this.update(serial, setPinUpdate, { pin, requestId, actor: meta.actor, origin: 'operator' }, requestId);
  }

  requestReplacement(serial: string, meta: CallMeta): Promise<TokenStatus> {
    const requestId = requestIdOf(meta);
    return this.update(
      serial,
      requestReplacementUpdate,
      { requestId, actor: meta.actor, origin: 'operator' },
      requestId,
    );
  }

  /** Retires the old token, moves the user's slot to the new one, and assigns it (spec §3). */
  async replace(
    serial: string,
    replacement: { newSerial: string; secretBase32: string; tokenExpiresAt: string },
    meta: CallMeta,
  ): Promise<TokenStatus> {
    const old = await this.status(serial);
    if (!old.user) throw new EaError('refused', `token ${serial} has no user to hand a replacement to`);
    const requestId = requestIdOf(meta);
    const retired = await this.update(
      serial,
      assignReplacementUpdate,
      { ...replacement, requestId, actor: meta.actor, origin: 'operator' },
      requestId,
    );
    await this.detach(old.user, serial);
    const oath = {
      type: 'totp' as const,
      secretBase32: replacement.secretBase32,
      digits: 6 as const,
      period: 30,
      algorithm: 'SHA1' as const,
      counter: 0,
    };
    await this.addToken(
      { serial: replacement.newSerial, userId: old.user, oath, tokenExpiresAt: replacement.tokenExpiresAt },
      { actor: meta.actor, requestId: `${requestId}:new` },
    );
    return retired;
  }

  requestOnDemand(serial: string, meta: CallMeta) {
    const requestId = requestIdOf(meta);
    return this.update(serial, requestOnDemandUpdate, { requestId, actor: meta.actor, origin: 'operator' }, requestId);
  }

  authenticate(userId: string, passcode: string, serial?: string): Promise<AuthResult> {
    return this.byUser.authenticate(userId, passcode, serial);
  }

  // ── policy, outbox, audit ────────────────────────────────────────────────────────────────────

  async policy(): Promise<Policy> {
    try {
      return await this.call('the policy', () => this.client.workflow.getHandle(POLICY_WORKFLOW_ID).query(policyQuery));
    } catch (error) {
      if (error instanceof EaError && error.code === 'not-found') return DEFAULT_POLICY;
      throw error;
    }
  }

  setPolicy(assignments: Record<string, string>, meta: CallMeta): Promise<Policy> {
    return this.call('the policy', () =>
      this.client.workflow.executeUpdateWithStart(setPolicyUpdate, {
        args: [{ assignments, requestId: requestIdOf(meta), actor: meta.actor }],
        startWorkflowOperation: this.policyStart(),
      }),
    );
  }

  async policyHistory(): Promise<PolicyChange[]> {
    try {
      return await this.call('the policy', () =>
        this.client.workflow.getHandle(POLICY_WORKFLOW_ID).query(policyHistoryQuery),
      );
    } catch (error) {
      if (error instanceof EaError && error.code === 'not-found') return [];
      throw error;
    }
  }

  outbox() {
    return this.feeds.outbox();
  }

  auditFeed(since?: string): Promise<AuditRecord[]> {
    return this.feeds.auditFeed(since);
  }
}
