// EaService over the workflow contract: queries for reads, updates for acknowledged actions,
// visibility for lists. Every update and signal it sends is signed by its Signer for the workflow
// it goes to and the message's name (spec §5), and names the signer's principal as its actor.
// Every failure becomes an EaError (eaErrorOf) whose code picks the CLI's exit code. Which of a user's tokens to ask is AuthenticateByUser's to decide; the outbox and the audit
// feed are files in the data folder (LocalFeeds).
import { randomUUID } from 'node:crypto';
import {
  WithStartWorkflowOperation,
  WorkflowExecutionAlreadyStartedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import type { Control, IncidentStatus } from '../domain/incident.js';
import type { SignalDefinition, UpdateDefinition } from '@temporalio/common';
import type { AuditRecord, Policy, PolicyChange, User } from '../domain/types.js';
import type { AuthResult, LostResult, TokenStatus } from '../domain/views.js';
import { DEFAULT_POLICY } from '../domain/policy.js';
import {
  POLICY_WORKFLOW_ID,
  PRINCIPALS_WORKFLOW_ID,
  TASK_QUEUE,
  addPrincipalUpdate,
  cancelIncidentUpdate,
  incidentStatusQuery,
  incidentWorkflowId,
  pauseIncidentUpdate,
  resumeIncidentUpdate,
  startIncidentUpdate,
  assignReplacementUpdate,
  broadcastProgressQuery,
  assignUpdate,
  attachTokenUpdate,
  auditQuery,
  authenticateUpdate,
  settleAttemptUpdate,
  clearUpdate,
  detachTokenSignal,
  extendUpdate,
  foundUpdate,
  initPrincipalsUpdate,
  lostUpdate,
  operatorActionUpdate,
  policyHistoryQuery,
  policyQuery,
  principalsQuery,
  putUserUpdate,
  requestOnDemandUpdate,
  requestReplacementUpdate,
  revokePrincipalUpdate,
  setPinUpdate,
  setPolicyUpdate,
  statusQuery,
  tokenWorkflowId,
  userQuery,
  userWorkflowId,
  type BroadcastProgress,
} from '../contract/messages.js';
import type { JsonObject, Signed } from '../trust/envelope.js';
import type { PrincipalRecord } from '../trust/principal.js';
import { checkMayHold } from './token-holder.js';
import { AuthenticateByUser } from './authenticate-by-user.js';
import { eaErrorOf } from './ea-error-of.js';
import { awaitBroadcast, reached, type BroadcastWait } from './broadcast-wait.js';
import {
  EaError,
  type CallMeta,
  type EaService,
  type LostOptions,
  type NewIncident,
  type NewPrincipal,
  type NewToken,
  type OperatorAction,
  type Replacement,
  type ReportSent,
  type SystemLostReport,
  type TokenListItem,
  type UserInput,
} from './ea-service.js';
import { assignmentOf, pinHashOf, sealedPasscodeOf } from './outgoing-secrets.js';
import { replaceToken } from './replace-token.js';
import { workerPublicKey } from './worker-public-key.js';
import { publicKeyText, type PrincipalKey } from './keys.js';
import { LocalFeeds } from './local-feeds.js';
import { openLostAnswer } from './open-lost-answer.js';
import { keySigner, type Signer } from './signer.js';
import { reportFound, reportLost } from './system-reports.js';
import { tokenListItemOf } from './token-list-item.js';

/** No worker answering within this time means exit code 3 (spec §8). */
export const ANSWER_TIMEOUT_MS = 10_000;
/** A registry change refused is answered in the workflow task that accepts it: this is ample. */
const COMMITTED_ANSWER_MS = 2_000;

const requestIdOf = (meta: CallMeta) => meta.requestId ?? randomUUID();

export class TemporalEaService implements EaService {
  private readonly byUser = new AuthenticateByUser({
    userMemo: async (userId) =>
      (await this.call(`user ${userId}`, () => this.client.workflow.getHandle(userWorkflowId(userId)).describe())).memo,
    getUser: (userId) => this.getUser(userId),
    authenticate: (serial, { passcode, ...request }) =>
      this.update(serial, authenticateUpdate, {
        ...request,
        requestId: randomUUID(),
        sealedPasscode: sealedPasscodeOf(passcode, this.workerKey()),
        actor: this.actor,
      }),
    status: (serial) => this.status(serial),
    requestOnDemand: (serial, pin) => {
      const requestId = randomUUID();
      const sealedPin = sealedPasscodeOf(pin, this.workerKey());
      const payload = { requestId, actor: this.actor, origin: 'self-service' as const, sealedPin };
      return this.update(serial, requestOnDemandUpdate, payload, requestId);
    },
    settleAttempt: (serial, request) =>
      this.update(serial, settleAttemptUpdate, { ...request, requestId: randomUUID(), actor: this.actor }),
  });
  private readonly feeds: LocalFeeds;

  /**
   * `signer` signs every message this service sends; its principal is the audit's actor.
   * `workerKey` is the workers' public key that seeds are sealed to (read when first needed).
   */
  constructor(
    private readonly client: Client,
    dataDir: string,
    private readonly signer: Signer,
    workerKey: () => Uint8Array = () => workerPublicKey(process.env, dataDir),
  ) {
    this.feeds = new LocalFeeds(dataDir);
    let known: Uint8Array | undefined;
    this.workerKey = () => (known ??= workerKey());
  }

  private readonly workerKey: () => Uint8Array;

  /** Who acts: the signer's principal, carried in each payload's `actor` field too. */
  private get actor(): string {
    return this.signer.principal;
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

  /** `payload` signed for the message `name` to `workflowId`, exactly as it will be sent. */
  private signed<P extends JsonObject>(workflowId: string, name: string, payload: P): Signed<P> {
    return this.signer.sign(workflowId, name, payload);
  }

  /** A signed update to a token's workflow. */
  private update<Ret, Arg extends JsonObject>(
    serial: string,
    def: UpdateDefinition<Ret, [Arg]>,
    arg: Arg,
    requestId?: string,
  ): Promise<Ret> {
    const workflowId = tokenWorkflowId(serial);
    return this.call(`token ${serial}`, async () =>
      this.token(serial).executeUpdate(def, {
        args: [this.signed(workflowId, def.name, arg)],
        updateId: requestId,
      }),
    );
  }

  /** A signed signal to `workflowId`. */
  private signal<Arg extends JsonObject>(workflowId: string, def: SignalDefinition<[Arg]>, arg: Arg): Promise<void> {
    return this.client.workflow.getHandle(workflowId).signal(def, this.signed(workflowId, def.name, arg));
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
    const workflowId = userWorkflowId(user.id);
    const requestId = requestIdOf(meta);
    return this.call(`user ${user.id}`, async () =>
      this.client.workflow.executeUpdateWithStart(putUserUpdate, {
        args: [this.signed(workflowId, putUserUpdate.name, { ...user, requestId, actor: this.actor })],
        updateId: requestId,
        startWorkflowOperation: this.withStart('userWorkflow', workflowId, [{ user: null }]),
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

  /**
   * Assigns the token, then the user holds it: the user workflow attaches only a serial whose token
   * says it is that user's, so an interrupted add leaves no stray serial in the user's list (a
   * repeat finishes it). The user is checked first, so no token is assigned to a user who cannot
   * hold it.
   */
  async addToken(token: NewToken, meta: CallMeta) {
    const requestId = requestIdOf(meta);
    const user = await this.getUser(token.userId);
    checkMayHold(user, token.userId, token.serial);
    const tokenId = tokenWorkflowId(token.serial);
    const assignment = {
      ...assignmentOf(token, this.workerKey()),
      requestId,
      actor: this.actor,
      origin: 'operator' as const,
    };
    const assigned = await this.call(`token ${token.serial}`, async () =>
      this.client.workflow.executeUpdateWithStart(assignUpdate, {
        args: [this.signed(tokenId, assignUpdate.name, assignment)],
        startWorkflowOperation: this.withStart('tokenWorkflow', tokenId, [{ serial: token.serial }]),
      }),
    );
    // A repeat (an import run again) of a token the user holds already has nothing left to attach:
    // one update per row, not two, when a re-run skips what an interrupted one did.
    const held = assigned.outcome === 'unchanged' && user?.serials.includes(token.serial);
    if (!held) await this.attach(token.userId, token.serial, requestId);
    this.byUser.assigned(token.userId, token.serial);
    return assigned;
  }

  private async attach(userId: string, serial: string, requestId: string): Promise<void> {
    const userWorkflow = userWorkflowId(userId);
    const link = { requestId, serial };
    await this.call(`user ${userId}`, async () =>
      this.client.workflow.getHandle(userWorkflow).executeUpdate(attachTokenUpdate, {
        args: [this.signed(userWorkflow, attachTokenUpdate.name, link)],
        updateId: requestId,
      }),
    );
  }

  private async detach(userId: string, serial: string): Promise<void> {
    await this.call(`user ${userId}`, () =>
      this.signal(userWorkflowId(userId), detachTokenSignal, { requestId: randomUUID(), serial }),
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

  async lost(serial: string, options: LostOptions, meta: CallMeta): Promise<LostResult> {
    const { selfService, ...request } = options;
    const requestId = requestIdOf(meta);
    const answer = await this.update(
      serial,
      lostUpdate,
      { ...request, requestId, actor: this.actor, origin: selfService ? 'self-service' : 'operator' },
      requestId,
    );
    return openLostAnswer(answer, this.signer);
  }

  async action(serial: string, action: OperatorAction, meta: CallMeta): Promise<TokenStatus> {
    const requestId = requestIdOf(meta);
    const base = { requestId, actor: this.actor, origin: 'operator' as const };
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
      { ...change, requestId, actor: this.actor, origin: 'operator' },
      requestId,
    );
  }

  async setPin(serial: string, pin: string | null, meta: CallMeta): Promise<TokenStatus> {
    const requestId = requestIdOf(meta);
    const hash = pin === null ? null : pinHashOf(pin);
    return this.update(
      serial,
      setPinUpdate,
      { pin: hash, requestId, actor: this.actor, origin: 'operator' },
      requestId,
    );
  }

  requestReplacement(serial: string, meta: CallMeta): Promise<TokenStatus> {
    const requestId = requestIdOf(meta);
    return this.update(
      serial,
      requestReplacementUpdate,
      { requestId, actor: this.actor, origin: 'operator' },
      requestId,
    );
  }

  /** The new token assigned, then the old one retired: all or nothing for the user (client/replace-token.ts). */
  replace(serial: string, replacement: Replacement, meta: CallMeta): Promise<TokenStatus> {
    return replaceToken(
      {
        status: (s) => this.status(s),
        getUser: (id) => this.getUser(id),
        addToken: (token, m) => this.addToken(token, m),
        retire: (s, newSerial, requestId) =>
          this.update(
            s,
            assignReplacementUpdate,
            { newSerial, requestId, actor: this.actor, origin: 'operator' },
            requestId,
          ),
        attach: (userId, s) => this.attach(userId, s, randomUUID()),
        detach: (userId, s) => this.detach(userId, s),
      },
      serial,
      replacement,
      requestIdOf(meta),
    );
  }

  requestOnDemand(serial: string, meta: CallMeta) {
    const requestId = requestIdOf(meta);
    return this.update(serial, requestOnDemandUpdate, { requestId, actor: this.actor, origin: 'operator' }, requestId);
  }

  /** Through the module outside systems import (client/system-reports.ts), so both send the same. */
  async reportLost(serial: string, report: SystemLostReport, meta: CallMeta): Promise<ReportSent> {
    const requestId = requestIdOf(meta);
    await this.call(`token ${serial}`, () =>
      reportLost(this.client, this.signer, serial, { ...report, requestId, origin: 'system' }),
    );
    return { serial, requestId, sent: true };
  }

  async reportFound(serial: string, meta: CallMeta): Promise<ReportSent> {
    const requestId = requestIdOf(meta);
    await this.call(`token ${serial}`, () =>
      reportFound(this.client, this.signer, serial, { requestId, origin: 'system' }),
    );
    return { serial, requestId, sent: true };
  }

  authenticate(userId: string, passcode: string, serial?: string, via?: string): Promise<AuthResult> {
    return this.byUser.authenticate(userId, passcode, serial, via);
  }

  requestOnDemandByUser(userId: string, pin: string) {
    return this.byUser.requestOnDemand(userId, pin);
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

  async setPolicy(assignments: Record<string, string>, meta: CallMeta, broadcast: BroadcastWait = {}): Promise<Policy> {
    const requestId = requestIdOf(meta);
    const policy = await this.call('the policy', async () =>
      this.client.workflow.executeUpdateWithStart(setPolicyUpdate, {
        args: [this.signed(POLICY_WORKFLOW_ID, setPolicyUpdate.name, { assignments, requestId, actor: this.actor })],
        // A retry with the same request id gets the first answer from the server; a copy sent
        // under another update id reaches the workflow and is refused as replayed.
        updateId: requestId,
        startWorkflowOperation: this.policyStart(),
      }),
    );
    if (broadcast.wait !== false)
      await awaitBroadcast({
        what: `policy version ${policy.version}`,
        read: () => this.broadcastProgress(POLICY_WORKFLOW_ID),
        onProgress: broadcast.onProgress,
        done: (progress) => reached(progress, policy.version),
      });
    return policy;
  }

  /** How far the newest change of the policy (`ea-policy`) or the registry (`ea-principals`) has reached. */
  broadcastProgress(workflowId: typeof POLICY_WORKFLOW_ID | typeof PRINCIPALS_WORKFLOW_ID): Promise<BroadcastProgress> {
    return this.call(workflowId, () => this.client.workflow.getHandle(workflowId).query(broadcastProgressQuery));
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

  // ── the principal registry (ea-principals) ───────────────────────────────────────────────────

  async principals(): Promise<PrincipalRecord[]> {
    try {
      return await this.call('the principal registry', () =>
        this.client.workflow.getHandle(PRINCIPALS_WORKFLOW_ID).query(principalsQuery),
      );
    } catch (error) {
      if (error instanceof EaError && error.code === 'not-found') return [];
      throw error;
    }
  }

  /** Update-with-start: the registry's workflow begins with its first admin. */
  initPrincipals(key: PrincipalKey, meta: CallMeta = {}): Promise<PrincipalRecord> {
    const requestId = requestIdOf(meta);
    const payload = { requestId, name: key.principal, publicKey: publicKeyText(key) };
    return this.call('the principal registry', async () =>
      this.client.workflow.executeUpdateWithStart(initPrincipalsUpdate, {
        args: [keySigner(key).sign(PRINCIPALS_WORKFLOW_ID, initPrincipalsUpdate.name, payload)],
        updateId: requestId,
        startWorkflowOperation: this.withStart('principalsWorkflow', PRINCIPALS_WORKFLOW_ID, [{}]),
      }),
    );
  }

  addPrincipal(principal: NewPrincipal, meta: CallMeta, broadcast: BroadcastWait = {}): Promise<PrincipalRecord> {
    const requestId = requestIdOf(meta);
    return this.registryUpdate(addPrincipalUpdate, { ...principal, requestId }, requestId, principal.name, broadcast);
  }

  revokePrincipal(name: string, meta: CallMeta, broadcast: BroadcastWait = {}): Promise<PrincipalRecord> {
    const requestId = requestIdOf(meta);
    return this.registryUpdate(revokePrincipalUpdate, { name, requestId }, requestId, name, broadcast);
  }

  /**
   * A signed change to a registry that must exist already: only a registered admin may sign one.
   * The registry answers once every workflow was told; the change itself is made (or refused) in
   * the same workflow task that accepts it, so without waiting, an answer not there at once means
   * committed and broadcasting, and the record is read from the registry.
   */
  private async registryUpdate<Arg extends JsonObject>(
    def: UpdateDefinition<PrincipalRecord, [Arg]>,
    arg: Arg,
    requestId: string,
    name: string,
    broadcast: BroadcastWait,
  ): Promise<PrincipalRecord> {
    const what = 'the principal registry';
    try {
      const update = await this.call(what, async () =>
        this.client.workflow.getHandle(PRINCIPALS_WORKFLOW_ID).startUpdate(def, {
          args: [this.signed(PRINCIPALS_WORKFLOW_ID, def.name, arg)],
          updateId: requestId,
          waitForStage: 'ACCEPTED',
        }),
      );
      if (broadcast.wait === false) {
        try {
          return await this.client.connection.withDeadline(Date.now() + COMMITTED_ANSWER_MS, () => update.result());
        } catch (error) {
          if (eaErrorOf(error, what, COMMITTED_ANSWER_MS).code !== 'unavailable') throw error;
          const record = (await this.principals()).find((p) => p.name === name);
          if (!record) throw error;
          return record;
        }
      }
      const stop = new AbortController();
      const result = this.client.connection.withAbortSignal(stop.signal, () => update.result());
      await awaitBroadcast({
        what: 'the registry change',
        read: () => this.broadcastProgress(PRINCIPALS_WORKFLOW_ID),
        onProgress: broadcast.onProgress,
        finished: result,
        stalled: () => stop.abort(),
      });
      return await result;
    } catch (error) {
      const failure = eaErrorOf(error, what, ANSWER_TIMEOUT_MS);
      if (failure.code === 'not-found')
        throw new EaError(
          'refused',
          'no principal is registered yet; `ea principal init` registers the first admin',
          [],
          { cause: failure },
        );
      throw failure;
    }
  }

  // ── incidents ────────────────────────────────────────────────────────────────────────────────

  async startIncident(incident: NewIncident, meta: CallMeta): Promise<IncidentStatus> {
    const requestId = requestIdOf(meta);
    const workflowId = incidentWorkflowId(requestId);
    const payload = { ...incident, requestId, actor: this.actor };
    try {
      return await this.call(`incident ${requestId}`, async () =>
        this.client.workflow.executeUpdateWithStart(startIncidentUpdate, {
          args: [this.signed(workflowId, startIncidentUpdate.name, payload)],
          updateId: requestId,
          // An incident that has ended is not started again under its id: its answer is its status.
          startWorkflowOperation: new WithStartWorkflowOperation('incidentWorkflow', {
            workflowId,
            taskQueue: TASK_QUEUE,
            args: [{}],
            workflowIdConflictPolicy: 'USE_EXISTING',
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          }),
        }),
      );
    } catch (error) {
      if (error instanceof EaError && error.cause instanceof WorkflowExecutionAlreadyStartedError)
        return this.incidentStatus(requestId);
      throw error;
    }
  }

  async incidentStatus(id: string): Promise<IncidentStatus> {
    const status = await this.call(`incident ${id}`, () =>
      this.client.workflow.getHandle(incidentWorkflowId(id)).query(incidentStatusQuery),
    );
    if (status === null) throw new EaError('not-found', `incident ${id} has not started`);
    return status;
  }

  async controlIncident(id: string, action: Control, meta: CallMeta): Promise<IncidentStatus> {
    const def = { pause: pauseIncidentUpdate, resume: resumeIncidentUpdate, cancel: cancelIncidentUpdate }[action];
    const workflowId = incidentWorkflowId(id);
    const requestId = requestIdOf(meta);
    try {
      return await this.call(`incident ${id}`, async () =>
        this.client.workflow.getHandle(workflowId).executeUpdate(def, {
          args: [this.signed(workflowId, def.name, { requestId, actor: this.actor })],
          updateId: requestId,
        }),
      );
    } catch (error) {
      // The server answers an update to a closed workflow as not found: an ended incident refuses.
      if (!(error instanceof EaError && error.code === 'not-found')) throw error;
      const { state } = await this.incidentStatus(id);
      throw new EaError('refused', `the incident is ${state}; it cannot ${action}`, [], { cause: error });
    }
  }
}
