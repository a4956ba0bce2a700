// Edge validation of everything a caller can send (product spec §3 "malformed input"): strict
// objects (unknown fields are refused), bounded strings and numbers. Used in update validators, in
// signal handlers (which record a rejection instead of throwing) and by clients before sending.
// Workers evaluate this module once per worker thread and share it between workflows
// (worker/workflow-bundle.ts), and the SDK freezes whatever such a module exports. zod's checks
// write to their patterns (lastIndex), so no schema may be reachable from the exports: only the
// payload types and the parsers (functions, which the freeze does not look into) leave the module.
// Each schema is built on first use (z.lazy): a CLI command needs one or two.
import { z } from 'zod';
import { regexes } from 'zod/v4/core';
import { isUndecodable } from './undecodable.js';
import { validatePolicy } from '../domain/policy.js';
import { clipText } from '../domain/clip-text.js';
import { PIN_KDF_ITERATIONS, PIN_KDF_MAX_ITERATIONS } from '../domain/pin-hash.js';
import { ROLES } from '../trust/roles.js';
import {
  CHANNELS,
  DELIVERIES,
  EA_KINDS,
  FOUND_RULES,
  OATH_ALGORITHMS,
  OATH_TYPES,
  ORIGINS,
  REASONS,
  TOKEN_STATES,
  type Policy,
} from '../domain/types.js';

const requestId = z.string().min(1).max(200);
const actor = z.string().min(1).max(200);
const isoTime = z.iso.datetime({ offset: true });
const serial = z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'a serial is 1–64 letters, digits, . _ or -');
const userId = z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'a user id is 1–64 letters, digits, . _ @ or -');
const hex = (bytes: number) =>
  z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `${bytes} bytes of lowercase hex`);
/** A PIN only as its salted hash (spec §5; domain/pin-hash.ts): the PIN itself is never sent. */
const pin = z.lazy(() =>
  z.strictObject({
    kdf: z.literal('pbkdf2-sha256'),
    iterations: z.number().int().min(PIN_KDF_ITERATIONS).max(PIN_KDF_MAX_ITERATIONS),
    salt: hex(16),
    hash: hex(32),
  }),
);
/** A secret sealed to the workers' key (secrets/sealed-box.ts): never the secret itself. */
const sealed = z.string().regex(/^eas1\.[A-Za-z0-9_-]{80,1000}$/, 'a sealed box (eas1.…)');
const attemptId = z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'an attempt id is 1–64 letters, digits or -');
const lifetimeMs = z
  .number()
  .int()
  .positive()
  .max(3650 * 86_400_000);
// zod's own pattern, copied: zod is shared too, so its patterns are frozen.
const email = () => z.email({ pattern: new RegExp(regexes.email) }).max(254);

/**
 * The signed envelope (spec §5; trust/envelope.ts checks it). Optional until every workflow
 * enforces it: a client that signs is accepted by a workflow that does not check yet.
 */
const envelope = z
  .strictObject({
    principal: z.string().min(1).max(200),
    at: z.string().min(1).max(40),
    signature: z.string().regex(/^[A-Za-z0-9_-]{86}$/, 'a signature is 64 bytes, unpadded base64url'),
  })
  .optional();

const meta = { requestId, actor, origin: z.enum(ORIGINS), envelope };

const reportLostSchema = z.lazy(() =>
  z.strictObject({
    ...meta,
    /** Required unless `regenerate`: the token refuses a new EA without one. */
    reason: z.enum(REASONS).optional(),
    kind: z.enum(EA_KINDS).optional(),
    count: z.number().int().min(1).max(50).optional(),
    lifetimeMs: lifetimeMs.optional(),
    expiresAt: isoTime.optional(),
    ifFound: z.enum(FOUND_RULES).optional(),
    delivery: z.enum(DELIVERIES).optional(),
    regenerate: z.boolean().optional(),
  }),
);

const requestMetaSchema = z.lazy(() => z.strictObject(meta));

/**
 * An on-demand code request. `sealedPin`: what the user typed at a login prompt (the gateway's
 * challenge flow), sealed to the workers' key like a passcode; when present, the token sends a code
 * only if a worker finds it is the token's PIN (or empty for a token without one).
 */
const requestOnDemandSchema = z.lazy(() => z.strictObject({ ...meta, sealedPin: sealed.optional() }));

const authenticateSchema = z.lazy(() =>
  z.strictObject({
    /** Fresh per attempt: a copy of a signed attempt sent again is refused as replayed. */
    requestId,
    /** PIN + code sealed to the workers' key (secrets/sealed-box.ts, purpose `passcode`): never in clear. */
    sealedPasscode: sealed,
    actor: actor.optional(),
    envelope,
    /** Set when the caller names the token: a token that is not this user's rejects. */
    userId: userId.optional(),
    /** A gateway's front end, client and NAS-Identifier: the audit names them (spec §7). */
    via: z.string().min(1).max(200).optional(),
    /** A by-user attempt across the user's tokens: a failure is held until it is settled. */
    attempt: attemptId.optional(),
  }),
);

/** The end of a by-user attempt: accepted on `acceptedOn` (which the token checks), or on none. */
const settleAttemptSchema = z.lazy(() =>
  z.strictObject({
    /** Fresh per settlement, as for authenticate: a copy sent again is refused as replayed. */
    requestId,
    attempt: attemptId,
    acceptedOn: serial.nullable(),
    actor: actor.optional(),
    envelope,
  }),
);

const extendSchema = z.lazy(() =>
  z
    .strictObject({ ...meta, lifetimeMs: lifetimeMs.optional(), expiresAt: isoTime.optional() })
    .refine(
      (v) => (v.lifetimeMs === undefined) !== (v.expiresAt === undefined),
      'give exactly one of lifetimeMs and expiresAt',
    ),
);

const setPinSchema = z.lazy(() => z.strictObject({ ...meta, pin: pin.nullable() }));

const operatorActionSchema = z.lazy(() =>
  z.strictObject({ ...meta, action: z.enum(['unlock', 'disable', 'enable', 'unassign']) }),
);

const oathSchema = z.lazy(() =>
  z.strictObject({
    type: z.enum(OATH_TYPES),
    sealedSecret: sealed,
    secretId: hex(16),
    digits: z.union([z.literal(6), z.literal(8)]),
    period: z.number().int().min(1).max(300),
    algorithm: z.enum(OATH_ALGORITHMS),
    counter: z.number().int().min(0),
  }),
);

const assignTokenSchema = z.lazy(() =>
  z.strictObject({
    ...meta,
    serial,
    userId,
    oath: oathSchema,
    tokenExpiresAt: isoTime,
    pin: pin.optional(),
  }),
);

/** To the old token: which token replaces it. The new token's seed and PIN go to the new token only. */
const assignReplacementSchema = z.lazy(() => z.strictObject({ ...meta, newSerial: serial }));

const putUserSchema = z.lazy(() =>
  z.strictObject({
    requestId,
    actor,
    envelope,
    id: userId,
    name: z.string().max(200).optional(),
    email: email().nullable().optional(),
    mobile: z
      .string()
      .regex(/^\+[1-9]\d{6,14}$/, 'a mobile number is E.164, e.g. +4915112345678')
      .nullable()
      .optional(),
    onDemand: z.enum(CHANNELS).nullable().optional(),
  }),
);

const tokenLinkSchema = z.lazy(() => z.strictObject({ requestId, serial, envelope }));

/** A user's record as the user workflow sends it to the user's tokens. */
const userRecordSchema = z.lazy(() =>
  z.strictObject({
    id: userId,
    name: z.string().max(200),
    email: z.string().max(254).nullable(),
    mobile: z.string().max(32).nullable(),
    onDemand: z.enum(CHANNELS).nullable(),
    serials: z.array(serial).max(10),
  }),
);

const foundRule = z.enum(FOUND_RULES);
const nonNegative = z.number().int().min(0);

/** The whole policy as the policy workflow broadcasts it; its ranges are the domain's (validatePolicy). */
const policyRecordSchema = z.lazy(() =>
  z.strictObject({
    version: z.number().int().min(1),
    allowEmergencyAccessMode: z.boolean(),
    tokenCode: z.strictObject({
      enabled: z.boolean(),
      kind: z.enum(['temporary-fixed', 'one-time-set']),
      setSize: nonNegative,
    }),
    onDemand: z.strictObject({
      enabled: z.boolean(),
      emergencyLifetimeDays: nonNegative,
      codeLifetimeMs: nonNegative,
      rateLimitPerHour: nonNegative,
    }),
    permanentlyLost: z.strictObject({ lifetimeMs: nonNegative, ifTokenBecomesAvailable: foundRule }),
    temporarilyUnavailable: z.strictObject({ lifetimeMs: nonNegative, ifTokenBecomesAvailable: foundRule }),
    expiringToken: z.strictObject({ replacementWindowMs: nonNegative }),
    codeFormat: z.strictObject({
      length: nonNegative,
      numeric: z.boolean(),
      alphabetic: z.boolean(),
      special: z.boolean(),
      excludeLookAlikes: z.boolean(),
    }),
    lockout: z.strictObject({ maxFailures: nonNegative, durationMs: nonNegative.nullable() }),
    maxEmergencyLifetimeMs: nonNegative,
    notifications: z.strictObject({ expiryNoticeLeadMs: nonNegative }),
  }),
);

const setPolicySchema = z.lazy(() =>
  z.strictObject({
    requestId,
    actor,
    envelope,
    assignments: z.record(z.string().max(100), z.string().max(100)),
  }),
);

const principalName = z
  .string()
  .regex(/^[A-Za-z0-9._@-]{1,64}$/, 'a principal name is 1–64 letters, digits, . _ @ or -');
const publicKey = z.string().regex(/^[A-Za-z0-9_-]{43}$/, 'a public key is 32 bytes, unpadded base64url');

/** The first admin, signed with its own key: accepted only by an empty registry. */
const initPrincipalsSchema = z.lazy(() => z.strictObject({ requestId, name: principalName, publicKey, envelope }));

const addPrincipalSchema = z.lazy(() =>
  z
    .strictObject({
      requestId,
      name: principalName,
      publicKey,
      roles: z.array(z.enum(ROLES)).min(1).max(ROLES.length),
      user: userId.optional(),
      envelope,
    })
    .refine((p) => (p.user !== undefined) === p.roles.includes('selfservice'), {
      message: 'a selfservice principal names its one user (and only it does)',
      path: ['user'],
    }),
);

const revokePrincipalSchema = z.lazy(() => z.strictObject({ requestId, name: principalName, envelope }));

/** Serials an incident names by file: at most this many (the start request is one payload). */
export const MAX_INCIDENT_SERIALS = 20_000;

/** Which tokens an incident reports lost: a list, a user id prefix, or a state (issue 18 item 3). */
const incidentSelection = z.union([
  z.strictObject({ serials: z.array(serial).min(1).max(MAX_INCIDENT_SERIALS) }),
  z.strictObject({ userPrefix: z.string().regex(/^[A-Za-z0-9._@-]{1,64}$/, 'a user id prefix') }),
  z.strictObject({ state: z.enum(TOKEN_STATES) }),
]);

/** An operator starts an incident: each selected token is reported lost for `reason`. */
const startIncidentSchema = z.lazy(() =>
  z.strictObject({
    /** Also the incident's id (`incident-<ID>`), and part of each token's request id: kept short. */
    requestId: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, "an incident's id is 1–64 letters, digits, . _ or -"),
    actor,
    envelope,
    selection: incidentSelection,
    reason: z.enum(REASONS),
    kind: z.enum(EA_KINDS).optional(),
    /** Where codes go; without it each user's preferred contact. */
    delivery: z.enum(CHANNELS).optional(),
    /** Tokens reported per page (between pages a pause or cancel takes effect); the workflow's default if absent. */
    pageSize: z.number().int().min(1).max(1_000).optional(),
  }),
);

/** Pause, resume or cancel an incident. */
const incidentControlSchema = z.lazy(() => z.strictObject({ requestId, actor, envelope }));

/** What a caller named (a field, a key) is quoted this far; the audit keeps the message. */
const QUOTED_NAME = 40;
const LISTED_KEYS = 5;
const LISTED_ISSUES = 10;
const MESSAGE_LENGTH = 1_000;

/**
 * A readable one-line account of what is wrong with an input, for answers and the audit, bounded
 * whatever was sent: names a caller made up are cut short, and so are long lists.
 */
export function describeIssues(error: z.ZodError): string {
  const more = error.issues.length - LISTED_ISSUES;
  const lines = error.issues.slice(0, LISTED_ISSUES).map(describeIssue);
  return clipText([...lines, ...(more > 0 ? [`and ${more} more`] : [])].join('; '), MESSAGE_LENGTH);
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const path = issue.path.map((segment) => clipText(String(segment), QUOTED_NAME)).join('.') || 'input';
  if (issue.code !== 'unrecognized_keys') return `${path}: ${clipText(issue.message, MESSAGE_LENGTH)}`;
  const quoted = issue.keys.slice(0, LISTED_KEYS).map((key) => `"${clipText(key, QUOTED_NAME)}"`);
  const more = issue.keys.length - LISTED_KEYS;
  return `${path}: Unrecognized key${issue.keys.length > 1 ? 's' : ''}: ${quoted.join(', ')}${more > 0 ? ` and ${more} more` : ''}`;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

function parseWith<T>(schema: z.ZodType<T>, input: unknown): ParseResult<T> {
  if (isUndecodable(input)) return { ok: false, message: `the payload could not be decoded (${input.reason})` };
  const result = schema.safeParse(input);
  return result.success ? { ok: true, value: result.data } : { ok: false, message: describeIssues(result.error) };
}

export type ReportLostPayload = z.infer<typeof reportLostSchema>;
export type RequestMetaPayload = z.infer<typeof requestMetaSchema>;
export type RequestOnDemandPayload = z.infer<typeof requestOnDemandSchema>;
export type AuthenticatePayload = z.infer<typeof authenticateSchema>;
export type SettleAttemptPayload = z.infer<typeof settleAttemptSchema>;
export type ExtendPayload = z.infer<typeof extendSchema>;
export type SetPinPayload = z.infer<typeof setPinSchema>;
export type OperatorActionPayload = z.infer<typeof operatorActionSchema>;
export type AssignTokenPayload = z.infer<typeof assignTokenSchema>;
export type AssignReplacementPayload = z.infer<typeof assignReplacementSchema>;
export type PutUserPayload = z.infer<typeof putUserSchema>;
export type TokenLinkPayload = z.infer<typeof tokenLinkSchema>;
export type SetPolicyPayload = z.infer<typeof setPolicySchema>;
export type InitPrincipalsPayload = z.infer<typeof initPrincipalsSchema>;
export type AddPrincipalPayload = z.infer<typeof addPrincipalSchema>;
export type RevokePrincipalPayload = z.infer<typeof revokePrincipalSchema>;
export type StartIncidentPayload = z.infer<typeof startIncidentSchema>;
export type IncidentSelection = StartIncidentPayload['selection'];
export type IncidentControlPayload = z.infer<typeof incidentControlSchema>;

/** A parser per payload; a failure's message says what is wrong, field by field. */
export const parse = {
  reportLost: (input: unknown) => parseWith(reportLostSchema, input),
  requestMeta: (input: unknown) => parseWith(requestMetaSchema, input),
  requestOnDemand: (input: unknown) => parseWith(requestOnDemandSchema, input),
  authenticate: (input: unknown) => parseWith(authenticateSchema, input),
  settleAttempt: (input: unknown) => parseWith(settleAttemptSchema, input),
  extend: (input: unknown) => parseWith(extendSchema, input),
  setPin: (input: unknown) => parseWith(setPinSchema, input),
  operatorAction: (input: unknown) => parseWith(operatorActionSchema, input),
  assignToken: (input: unknown) => parseWith(assignTokenSchema, input),
  assignReplacement: (input: unknown) => parseWith(assignReplacementSchema, input),
  putUser: (input: unknown) => parseWith(putUserSchema, input),
  tokenLink: (input: unknown) => parseWith(tokenLinkSchema, input),
  userRecord: (input: unknown) => parseWith(userRecordSchema, input),
  setPolicy: (input: unknown) => parseWith(setPolicySchema, input),
  initPrincipals: (input: unknown) => parseWith(initPrincipalsSchema, input),
  addPrincipal: (input: unknown) => parseWith(addPrincipalSchema, input),
  revokePrincipal: (input: unknown) => parseWith(revokePrincipalSchema, input),
  startIncident: (input: unknown) => parseWith(startIncidentSchema, input),
  incidentControl: (input: unknown) => parseWith(incidentControlSchema, input),
  policyRecord: (input: unknown): ParseResult<Policy> => {
    const parsed = parseWith(policyRecordSchema, input);
    if (!parsed.ok) return parsed;
    const errors = validatePolicy(parsed.value);
    return errors.length === 0
      ? parsed
      : { ok: false, message: errors.map((e) => `${e.field}: ${e.message}`).join('; ') };
  },
};
