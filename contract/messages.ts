// The workflow contract: the one module outside systems import (or read, to call from another
// language or `temporal workflow signal`). Names here are stable API: renaming one breaks callers
// and running workflows.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AuditRecord, Policy, PolicyChange, User } from '../domain/types.js';
import type { AuthResult, LostAnswer, TokenStatus } from '../domain/views.js';
import type { PrincipalRecord, PrincipalsView } from '../trust/principal.js';
import type { IncidentStatus } from '../domain/incident.js';
import type {
  AddPrincipalPayload,
  InitPrincipalsPayload,
  IncidentControlPayload,
  StartIncidentPayload,
  RevokePrincipalPayload,
  AssignReplacementPayload,
  AssignTokenPayload,
  AuthenticatePayload,
  ExtendPayload,
  OperatorActionPayload,
  PutUserPayload,
  ReportLostPayload,
  RequestMetaPayload,
  RequestOnDemandPayload,
  SetPinPayload,
  SetPolicyPayload,
  SettleAttemptPayload,
  TokenLinkPayload,
} from './payload-schemas.js';

// The payloads' types come from their schemas, which also validate them at the edge.
export type * from './payload-schemas.js';

export const TASK_QUEUE = 'emergency-access';
export const POLICY_WORKFLOW_ID = 'ea-policy';
export const tokenWorkflowId = (serial: string) => `token-${serial}`;
export const userWorkflowId = (id: string) => `user-${id}`;

// ── Token workflow (id `token-<SERIAL>`) ─────────────────────────────────────────────────────────
// Signals: fire-and-forget from systems. Codes issued by a signal go to the user's contact.
export const reportLostSignal = defineSignal<[ReportLostPayload]>('reportLost');
export const reportFoundSignal = defineSignal<[RequestMetaPayload]>('reportFound');
/** Sent by the policy workflow's broadcast; carries the whole current policy. */
export const policyChangedSignal = defineSignal<[Policy]>('policyChanged');
/** Sent by the user workflow when the user's record changes; the token keeps it for its messages. */
export const userChangedSignal = defineSignal<[User]>('userChanged');

// Updates: calls that need an answer.
export const assignUpdate = defineUpdate<
  { outcome: 'created' | 'updated' | 'unchanged'; status: TokenStatus },
  [AssignTokenPayload]
>('assign');
export const lostUpdate = defineUpdate<LostAnswer, [ReportLostPayload]>('lost');
export const foundUpdate = defineUpdate<TokenStatus, [RequestMetaPayload]>('found');
export const clearUpdate = defineUpdate<TokenStatus, [RequestMetaPayload]>('clear');
export const authenticateUpdate = defineUpdate<AuthResult, [AuthenticatePayload]>('authenticate');
/** Ends a by-user attempt on a token that held its failure pending (see domain settleAttempt). */
export const settleAttemptUpdate = defineUpdate<null, [SettleAttemptPayload]>('settleAttempt');
export const extendUpdate = defineUpdate<TokenStatus, [ExtendPayload]>('extend');
export const setPinUpdate = defineUpdate<TokenStatus, [SetPinPayload]>('setPin');
export const operatorActionUpdate = defineUpdate<TokenStatus, [OperatorActionPayload]>('operatorAction');
export const requestReplacementUpdate = defineUpdate<TokenStatus, [RequestMetaPayload]>('requestReplacement');
export const assignReplacementUpdate = defineUpdate<TokenStatus, [AssignReplacementPayload]>('assignReplacement');
export const requestOnDemandUpdate = defineUpdate<
  { serial: string; expiresAt: string; channel: 'email' | 'sms' },
  [RequestOnDemandPayload]
>('requestOnDemand');

export const statusQuery = defineQuery<TokenStatus>('status');
export const auditQuery = defineQuery<AuditRecord[]>('audit');

// ── User workflow (id `user-<ID>`): the consistent home of a user's serials (spec §4) ────────────
export const putUserUpdate = defineUpdate<
  { user: User; outcome: 'created' | 'updated' | 'unchanged' },
  [PutUserPayload]
>('putUser');
export const attachTokenUpdate = defineUpdate<User, [TokenLinkPayload]>('attachToken');
export const detachTokenSignal = defineSignal<[TokenLinkPayload]>('detachToken');
export const userQuery = defineQuery<User | null>('user');
/**
 * The memo field in which a user workflow keeps the user's serials (`string[]`). Describing the
 * workflow reads it from the server's copy of the workflow's state: as consistent as the query, but
 * without a round trip through a worker. Runs from before it was written have no such field.
 */
export const USER_SERIALS_MEMO = 'serials';

// ── Principal registry (id `ea-principals`): who may sign what (spec §5) ────────────────────────
export const PRINCIPALS_WORKFLOW_ID = 'ea-principals';
export const initPrincipalsUpdate = defineUpdate<PrincipalRecord, [InitPrincipalsPayload]>('initPrincipals');
export const addPrincipalUpdate = defineUpdate<PrincipalRecord, [AddPrincipalPayload]>('addPrincipal');
export const revokePrincipalUpdate = defineUpdate<PrincipalRecord, [RevokePrincipalPayload]>('revokePrincipal');
export const principalsQuery = defineQuery<PrincipalRecord[]>('principals');
/** For workers: the whole registry with its version, which every workflow checks requests against. */
export const registryQuery = defineQuery<PrincipalsView>('registry');
/**
 * Sent by the registry to every workflow after a change. It carries only the new version: the
 * receiver fetches the registry through the worker, so a forged one costs a fetch and nothing else.
 */
export const principalsChangedSignal = defineSignal<[{ version: number }]>('principalsChanged');

// ── Policy workflow (id `ea-policy`) ─────────────────────────────────────────────────────────────
export const setPolicyUpdate = defineUpdate<Policy, [SetPolicyPayload]>('setPolicy');
export const policyQuery = defineQuery<Policy>('policy');
export const policyHistoryQuery = defineQuery<PolicyChange[]>('policyHistory');

// ── Incident workflow (id `incident-<ID>`): a batch of tokens reported lost at once ──────────────
export const incidentWorkflowId = (id: string) => `incident-${id}`;
/**
 * The incident's signed start, sent with the workflow's start (update-with-start): a run that gets
 * no accepted start within a minute ends having done nothing.
 */
export const startIncidentUpdate = defineUpdate<IncidentStatus, [StartIncidentPayload]>('startIncident');
export const pauseIncidentUpdate = defineUpdate<IncidentStatus, [IncidentControlPayload]>('pauseIncident');
export const resumeIncidentUpdate = defineUpdate<IncidentStatus, [IncidentControlPayload]>('resumeIncident');
export const cancelIncidentUpdate = defineUpdate<IncidentStatus, [IncidentControlPayload]>('cancelIncident');
export const incidentStatusQuery = defineQuery<IncidentStatus | null>('incidentStatus');
/**
 * The per-token request id of an incident's report: the same on every retry, so the token (which
 * ignores a repeated request id for 7 days) never issues twice for one incident.
 */
export const incidentRequestId = (incidentId: string, serial: string) => `incident-${incidentId}:${serial}`;

// ── Broadcasts (on `ea-policy` and `ea-principals`): how far a change has reached ──────────────
/**
 * The newest change's broadcast to every running workflow it concerns (policy: tokens; registry:
 * tokens, users and the policy). `version` is the policy's or the registry's; `total` is what
 * visibility listed when it started (eventually consistent); `failed` counts workflows whose
 * signal failed and is being retried, `failing` names a few. `done` once every listed workflow was
 * told; `idle` before the first change.
 */
export interface BroadcastProgress {
  version: number;
  state: 'idle' | 'running' | 'done';
  total: number;
  done: number;
  failed: number;
  failing: string[];
}
export const broadcastProgressQuery = defineQuery<BroadcastProgress>('broadcastProgress');
