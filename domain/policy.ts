// The policy document (spec §2): the seed's settings page one to one, its defaults, how each key is
// written and shown, its ranges and combination rules, and atomic `KEY=VALUE` changes.
import { formatDuration, parseDuration } from './duration.js';
import { guessingOdds, guessingProblem, type GuessingOdds } from './guessing.js';
import { DAY_MS, MINUTE_MS } from './time.js';
import { FOUND_RULES, type FieldError, type Policy } from './types.js';

/** The largest one-time set, for the policy and for operators alike. */
export const MAX_CODES_PER_SET = 50;

export const DEFAULT_POLICY: Policy = {
  version: 1,
  allowEmergencyAccessMode: true,
  tokenCode: { enabled: true, kind: 'temporary-fixed', setSize: 5 },
  onDemand: { enabled: false, emergencyLifetimeDays: 3, codeLifetimeMs: 60 * MINUTE_MS, rateLimitPerHour: 5 },
  permanentlyLost: { lifetimeMs: 7 * DAY_MS, ifTokenBecomesAvailable: 'deny' },
  temporarilyUnavailable: { lifetimeMs: 7 * DAY_MS, ifTokenBecomesAvailable: 'allow-and-end-emergency' },
  expiringToken: { replacementWindowMs: 30 * DAY_MS },
  codeFormat: { length: 8, numeric: true, alphabetic: true, special: false, excludeLookAlikes: true },
  lockout: { maxFailures: 10, durationMs: 30 * MINUTE_MS },
  maxEmergencyLifetimeMs: 365 * DAY_MS,
  notifications: { expiryNoticeLeadMs: DAY_MS },
};

/** One key of `ea policy set`, as the dashboard's form shows it. */
export interface PolicyKeySpec {
  /** Dotted spec key, e.g. `permanentlyLost.lifetime`. */
  key: string;
  /** The seed page's wording. */
  label: string;
  section: string;
  kind: 'bool' | 'int' | 'duration' | 'enum';
  values?: readonly string[];
  help: string;
}

type PolicyValue = boolean | number | string | null;

interface PolicyKeyDef extends PolicyKeySpec {
  /** Where the value lives in the Policy object (`…Ms` fields hold durations in milliseconds). */
  path: string;
  /** Inclusive, in the stored unit (ms for durations). */
  range?: { min: number; max: number };
  /** How messages name the upper bound when another key sets it (checked by COMBINATION_RULES). */
  upTo?: string;
  /** `lockout.duration` only: null, written `until-unlocked`. */
  untilUnlocked?: true;
}

const UNTIL_UNLOCKED = 'until-unlocked';

const ACCESS = 'Emergency Access Tokencode Settings';
const LOST = 'Permanently Lost or Broken Tokens';
const UNAVAILABLE = 'Temporarily Unavailable Tokens';
const EXPIRING = 'Expiring Token Parameters';
const FORMAT = 'Emergency Access Code Format';
const LOCKOUT = 'Lockout';
const LIMITS = 'Limits and Notifications';

const FOUND_RULE_HELP =
  'deny: reject the token and keep it blocked until an operator reports it found; allow-and-end-emergency: accept it and end emergency access; allow-after-expiry: accept it once the lifetime has ended';

const DEFS: readonly PolicyKeyDef[] = [
  {
    key: 'allowEmergencyAccessMode',
    path: 'allowEmergencyAccessMode',
    section: ACCESS,
    kind: 'bool',
    label: 'Allow user to place token in emergency access mode',
    help: 'users (self-service, or systems acting for them) may put their own token in emergency access; operators always may',
  },
  {
    key: 'tokenCode.enabled',
    path: 'tokenCode.enabled',
    section: ACCESS,
    kind: 'bool',
    label: 'Token Code (Token-based generation)',
    help: 'self-service gets emergency tokencodes of the kind below',
  },
  {
    key: 'tokenCode.kind',
    path: 'tokenCode.kind',
    section: ACCESS,
    kind: 'enum',
    values: ['temporary-fixed', 'one-time-set'],
    label: 'Temporary fixed tokencode or a set of one-time tokencodes',
    help: 'temporary-fixed: one code, reusable until emergency access ends; one-time-set: several codes, each valid once',
  },
  {
    key: 'tokenCode.setSize',
    path: 'tokenCode.setSize',
    section: ACCESS,
    kind: 'int',
    range: { min: 1, max: MAX_CODES_PER_SET },
    label: 'Number of tokencodes in a one-time set',
    help: 'codes in a one-time set, 1–50',
  },
  {
    key: 'onDemand.enabled',
    path: 'onDemand.enabled',
    section: ACCESS,
    kind: 'bool',
    label: 'On-Demand Authentication (SMS-based generation)',
    help: 'self-service gets on-demand tokencodes by SMS or e-mail (when token codes are off)',
  },
  {
    key: 'onDemand.emergencyLifetimeDays',
    path: 'onDemand.emergencyLifetimeDays',
    section: ACCESS,
    kind: 'int',
    range: { min: 1, max: 365 },
    label: 'Emergency access SMS token lifetime (days)',
    help: 'how long an on-demand emergency access lasts, 1–365 days',
  },
  {
    key: 'onDemand.codeLifetime',
    path: 'onDemand.codeLifetimeMs',
    section: ACCESS,
    kind: 'duration',
    range: { min: MINUTE_MS, max: 70 * MINUTE_MS },
    label: 'On-demand tokencode lifetime',
    help: 'how long one on-demand code stays valid, 1m–70m',
  },
  {
    key: 'onDemand.rateLimitPerHour',
    path: 'onDemand.rateLimitPerHour',
    section: ACCESS,
    kind: 'int',
    range: { min: 1, max: 60 },
    label: 'On-demand requests per hour',
    help: 'on-demand codes one token may request per rolling hour, 1–60',
  },
  {
    key: 'permanentlyLost.lifetime',
    path: 'permanentlyLost.lifetimeMs',
    section: LOST,
    kind: 'duration',
    range: { min: MINUTE_MS, max: 3650 * DAY_MS },
    upTo: 'maxEmergencyLifetime',
    label: 'Emergency Access Tokencode Lifetime',
    help: 'how long emergency codes stay active, from 1m up to maxEmergencyLifetime',
  },
  {
    key: 'permanentlyLost.ifTokenBecomesAvailable',
    path: 'permanentlyLost.ifTokenBecomesAvailable',
    section: LOST,
    kind: 'enum',
    values: FOUND_RULES,
    label: 'If token becomes available',
    help: FOUND_RULE_HELP,
  },
  {
    key: 'temporarilyUnavailable.lifetime',
    path: 'temporarilyUnavailable.lifetimeMs',
    section: UNAVAILABLE,
    kind: 'duration',
    range: { min: MINUTE_MS, max: 3650 * DAY_MS },
    upTo: 'maxEmergencyLifetime',
    label: 'Emergency Access Tokencode Lifetime',
    help: 'how long emergency codes stay active, from 1m up to maxEmergencyLifetime',
  },
  {
    key: 'temporarilyUnavailable.ifTokenBecomesAvailable',
    path: 'temporarilyUnavailable.ifTokenBecomesAvailable',
    section: UNAVAILABLE,
    kind: 'enum',
    values: FOUND_RULES,
    label: 'If token becomes available',
    help: FOUND_RULE_HELP,
  },
  {
    key: 'expiringToken.replacementWindow',
    path: 'expiringToken.replacementWindowMs',
    section: EXPIRING,
    kind: 'duration',
    range: { min: 0, max: 365 * DAY_MS },
    label: 'Time before token expiry when users can request a replacement',
    help: 'from token expiry minus this on, the user may request a replacement, 0–365d',
  },
  {
    key: 'codeFormat.length',
    path: 'codeFormat.length',
    section: FORMAT,
    kind: 'int',
    range: { min: 6, max: 16 },
    label: 'Code length',
    help: 'characters in an emergency code, 6–16',
  },
  {
    key: 'codeFormat.numeric',
    path: 'codeFormat.numeric',
    section: FORMAT,
    kind: 'bool',
    label: 'Include numbers',
    help: 'every code contains a digit; at least one character class must be on',
  },
  {
    key: 'codeFormat.alphabetic',
    path: 'codeFormat.alphabetic',
    section: FORMAT,
    kind: 'bool',
    label: 'Include letters',
    help: 'every code contains a letter; at least one character class must be on',
  },
  {
    key: 'codeFormat.special',
    path: 'codeFormat.special',
    section: FORMAT,
    kind: 'bool',
    label: 'Include special characters',
    help: 'every code contains one of % + / : =; at least one character class must be on',
  },
  {
    key: 'codeFormat.excludeLookAlikes',
    path: 'codeFormat.excludeLookAlikes',
    section: FORMAT,
    kind: 'bool',
    label: 'Exclude look-alike characters (0 O 1 l I)',
    help: 'codes never contain 0, O, 1, l or I',
  },
  {
    key: 'lockout.maxFailures',
    path: 'lockout.maxFailures',
    section: LOCKOUT,
    kind: 'int',
    range: { min: 1, max: 100 },
    label: 'Failed passcodes before the token locks',
    help: 'consecutive failed passcodes that lock the token, 1–100',
  },
  {
    key: 'lockout.duration',
    path: 'lockout.durationMs',
    section: LOCKOUT,
    kind: 'duration',
    range: { min: MINUTE_MS, max: 30 * DAY_MS },
    untilUnlocked: true,
    label: 'Lockout duration',
    help: 'how long a locked token stays locked, 1m–30d, or until-unlocked (an operator unlocks it)',
  },
  {
    key: 'maxEmergencyLifetime',
    path: 'maxEmergencyLifetimeMs',
    section: LIMITS,
    kind: 'duration',
    range: { min: DAY_MS, max: 3650 * DAY_MS },
    label: 'Maximum emergency access lifetime',
    help: 'cap on any new emergency access lifetime or explicit expiry, 1d–3650d',
  },
  {
    key: 'notifications.expiryNoticeLead',
    path: 'notifications.expiryNoticeLeadMs',
    section: LIMITS,
    kind: 'duration',
    range: { min: 0, max: 7 * DAY_MS },
    label: 'Warn the user before emergency access ends',
    help: 'the user is told this long before emergency access ends, 0 (off) to 7d',
  },
];

/** One entry per spec §2 key, in the seed page's order. */
export const POLICY_KEYS: readonly PolicyKeySpec[] = DEFS;

const DEF_BY_KEY = new Map(DEFS.map((def) => [def.key, def]));

function read(policy: Policy, def: PolicyKeyDef): unknown {
  return def.path
    .split('.')
    .reduce<unknown>(
      (node, name) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[name] : undefined),
      policy,
    );
}

function write(policy: Policy, def: PolicyKeyDef, value: PolicyValue): Policy {
  const set = (node: Record<string, unknown>, [name, ...rest]: string[]): Record<string, unknown> => ({
    ...node,
    [name!]: rest.length === 0 ? value : set(node[name!] as Record<string, unknown>, rest),
  });
  return set(policy as unknown as Record<string, unknown>, def.path.split('.')) as unknown as Policy;
}

function format(def: PolicyKeyDef, value: unknown): string {
  if (def.kind === 'duration') return value === null ? UNTIL_UNLOCKED : formatDuration(value as number);
  return String(value);
}

function rangeText(def: PolicyKeyDef): string {
  const { min, max } = def.range!;
  const show = def.kind === 'duration' ? formatDuration : String;
  return `${show(min)} to ${def.upTo ?? show(max)}`;
}

/** What values of this key look like, for messages. */
function expected(def: PolicyKeyDef): string {
  switch (def.kind) {
    case 'bool':
      return 'true or false';
    case 'int':
      return `a whole number from ${rangeText(def)}`;
    case 'duration':
      return `a duration from ${rangeText(def)}${def.untilUnlocked ? `, or ${UNTIL_UNLOCKED}` : ''}`;
    case 'enum':
      return `one of ${def.values!.join(', ')}`;
  }
}

function isWellTyped(def: PolicyKeyDef, value: unknown): boolean {
  switch (def.kind) {
    case 'bool':
      return typeof value === 'boolean';
    case 'enum':
      return def.values!.includes(value as string);
    case 'int':
    case 'duration':
      if (value === null) return def.untilUnlocked === true;
      return Number.isSafeInteger(value) && (value as number) >= def.range!.min && (value as number) <= def.range!.max;
  }
}

type Parsed = { ok: true; value: PolicyValue } | { ok: false };

function parse(def: PolicyKeyDef, text: string): Parsed {
  const trimmed = text.trim();
  switch (def.kind) {
    case 'bool':
      return trimmed === 'true' || trimmed === 'false' ? { ok: true, value: trimmed === 'true' } : { ok: false };
    case 'int':
      return /^\d+$/.test(trimmed) ? { ok: true, value: Number(trimmed) } : { ok: false };
    case 'enum':
      return def.values!.includes(trimmed) ? { ok: true, value: trimmed } : { ok: false };
    case 'duration':
      if (def.untilUnlocked && trimmed === UNTIL_UNLOCKED) return { ok: true, value: null };
      try {
        return { ok: true, value: parseDuration(trimmed) };
      } catch {
        return { ok: false };
      }
  }
}

function definition(key: string): PolicyKeyDef {
  const def = DEF_BY_KEY.get(key);
  if (!def) throw new Error(`"${key}" is not a policy key`);
  return def;
}

/** A key's value as `ea policy show` prints it: `7d`, `true`, `until-unlocked`. */
export function policyValue(policy: Policy, key: string): string {
  const def = definition(key);
  return format(def, read(policy, def));
}

/** Every key's value, by spec key. */
export function flattenPolicy(policy: Policy): Record<string, string> {
  return Object.fromEntries(DEFS.map((def) => [def.key, format(def, read(policy, def))]));
}

const CLASS_KEYS = ['codeFormat.numeric', 'codeFormat.alphabetic', 'codeFormat.special'];

const noCodeClass = (p: Policy) => !(p.codeFormat.numeric || p.codeFormat.alphabetic || p.codeFormat.special);

/**
 * The odds of a guesser against the worst EA the policy lets exist: a set of MAX_CODES_PER_SET codes
 * (operators may issue one under any policy) lasting maxEmergencyLifetime, on a token without PIN.
 */
export const policyGuessingOdds = (policy: Policy): GuessingOdds => guessingOdds(policy, MAX_CODES_PER_SET);

/** Rules across keys: checked only when every key they read is valid on its own. */
const COMBINATION_RULES: readonly {
  field: string;
  reads: readonly string[];
  problem: (policy: Policy) => string | null;
}[] = [
  ...(['permanentlyLost', 'temporarilyUnavailable'] as const).map((reason) => ({
    field: `${reason}.lifetime`,
    reads: [`${reason}.lifetime`, 'maxEmergencyLifetime'],
    problem: (p: Policy) =>
      p[reason].lifetimeMs > p.maxEmergencyLifetimeMs
        ? `${reason}.lifetime (${formatDuration(p[reason].lifetimeMs)}) must be at most maxEmergencyLifetime (${formatDuration(p.maxEmergencyLifetimeMs)})`
        : null,
  })),
  {
    field: 'onDemand.emergencyLifetimeDays',
    reads: ['onDemand.emergencyLifetimeDays', 'maxEmergencyLifetime'],
    problem: (p) =>
      p.onDemand.emergencyLifetimeDays * DAY_MS > p.maxEmergencyLifetimeMs
        ? `onDemand.emergencyLifetimeDays (${p.onDemand.emergencyLifetimeDays}) must be at most maxEmergencyLifetime (${formatDuration(p.maxEmergencyLifetimeMs)})`
        : null,
  },
  {
    // Not one key's fault: reported under the group, which forms show as a general message.
    field: 'codeFormat',
    reads: CLASS_KEYS,
    problem: (p) => (noCodeClass(p) ? `at least one of ${CLASS_KEYS.join(', ')} must be true` : null),
  },
  {
    // Reported under the key most often changed to fix it; the message names every other one.
    field: 'codeFormat.length',
    reads: [
      'codeFormat.length',
      ...CLASS_KEYS,
      'codeFormat.excludeLookAlikes',
      'lockout.maxFailures',
      'lockout.duration',
      'maxEmergencyLifetime',
    ],
    // With no character class there are no codes to guess: the rule below says what is wrong.
    problem: (p) => (noCodeClass(p) ? null : guessingProblem(p, policyGuessingOdds(p))),
  },
  {
    field: 'allowEmergencyAccessMode',
    reads: ['allowEmergencyAccessMode', 'tokenCode.enabled', 'onDemand.enabled'],
    problem: (p) =>
      p.allowEmergencyAccessMode && !p.tokenCode.enabled && !p.onDemand.enabled
        ? 'allowEmergencyAccessMode needs tokenCode.enabled or onDemand.enabled: self-service would have nothing to issue'
        : null,
  },
];

/** A value as a message quotes it: durations in their unit, anything else as JSON. */
function quote(def: PolicyKeyDef, value: unknown): string {
  if (def.kind === 'duration' && Number.isSafeInteger(value) && (value as number) >= 0)
    return formatDuration(value as number);
  return JSON.stringify(value) ?? 'nothing';
}

/** Checks every key not in `unreadable` (keys whose typed value could not be parsed). */
function check(policy: Policy, unreadable: ReadonlySet<string>): FieldError[] {
  const errors: FieldError[] = [];
  if (!Number.isSafeInteger(policy.version) || policy.version < 1)
    errors.push({ field: 'version', message: 'version must be a whole number of at least 1' });
  for (const def of DEFS) {
    const value = read(policy, def);
    if (!unreadable.has(def.key) && !isWellTyped(def, value))
      errors.push({ field: def.key, message: `${def.key} must be ${expected(def)} (got ${quote(def, value)})` });
  }
  const invalid = new Set([...unreadable, ...errors.map((e) => e.field)]);
  for (const rule of COMBINATION_RULES) {
    const problem = rule.reads.some((key) => invalid.has(key)) ? null : rule.problem(policy);
    if (problem) errors.push({ field: rule.field, message: problem });
  }
  return errors;
}

/** Every range of spec §2 and the rules across keys; at most one message per field. */
export function validatePolicy(policy: Policy): FieldError[] {
  return check(policy, new Set());
}

export type PolicyAssignmentResult =
  | { ok: true; policy: Policy; changes: { key: string; from: string; to: string }[] }
  | { ok: false; errors: FieldError[] };

/** `ea policy set KEY=VALUE…`: all or nothing; a real change bumps the version by one. */
export function applyPolicyAssignments(policy: Policy, assignments: Record<string, string>): PolicyAssignmentResult {
  const errors: FieldError[] = [];
  let next = policy;
  for (const [key, text] of Object.entries(assignments)) {
    const def = DEF_BY_KEY.get(key);
    const parsed: Parsed = def ? parse(def, text) : { ok: false };
    if (!def) errors.push({ field: key, message: `"${key}" is not a policy key (see ea policy show)` });
    else if (!parsed.ok) errors.push({ field: key, message: `${key} must be ${expected(def)} (got "${text}")` });
    else next = write(next, def, parsed.value);
  }
  // Values that did parse are still range-checked, so one answer lists every problem.
  errors.push(...check(next, new Set(errors.map((e) => e.field))));
  if (errors.length > 0) return { ok: false, errors };
  const before = flattenPolicy(policy);
  const after = flattenPolicy(next);
  const changes = DEFS.filter((def) => before[def.key] !== after[def.key]).map((def) => ({
    key: def.key,
    from: before[def.key]!,
    to: after[def.key]!,
  }));
  return changes.length === 0
    ? { ok: true, policy, changes }
    : { ok: true, policy: { ...next, version: policy.version + 1 }, changes };
}
