// Every operator action of the detail screen (spec §3): when it applies, what the operator fills
// in, and the one service call it makes. Values are checked with the CLI's parsers, so a value
// means the same thing in the dashboard as on the command line.
import { EaError, type CallMeta, type EaService, type OperatorAction } from '../../client/ea-service.js';
import { resolveTimeZone } from '../../input/instant.js';
import { replacementOath } from '../../client/replacement-oath.js';
import { base32Seed, duration, instant, integer, pin, serial, type Parse } from '../../input/values.js';
import {
  DELIVERIES,
  EA_KINDS,
  FOUND_RULES,
  REASONS,
  type Delivery,
  type EaKind,
  type FoundRule,
  type Reason,
} from '../../domain/types.js';
import type { TokenStatus } from '../../domain/views.js';
import { mayAll, type Access, type SignedSend } from '../state/access.js';
import type { ActionOutcome } from '../state/action-flow.js';
import type { FieldSpec } from '../state/form.js';
import { formatInstant } from '../utils/time-left.js';

export type ActionId =
  | 'lost'
  | 'regenerate'
  | 'found'
  | 'clear'
  | 'extend'
  | 'disable'
  | 'enable'
  | 'unlock'
  | 'unassign'
  | 'set-pin'
  | 'clear-pin'
  | 'request-replacement'
  | 'replace'
  | 'on-demand';

export interface ActionRequest {
  service: EaService;
  status: TokenStatus;
  values: Record<string, string>;
  meta: CallMeta;
}

export interface ActionSpec {
  id: ActionId;
  label: string;
  /** What happens, in the operator's words: shown in the menu and on the confirmation. */
  summary: string;
  /** Irreversible or user-visible: the confirmation is shown in red. */
  danger?: boolean;
  appliesTo: (status: TokenStatus) => boolean;
  /**
   * The signed messages `perform`'s service call sends (client/temporal-ea-service.ts), with the
   * payload fields the role table reads: offered only to a principal whose roles may send them all.
   */
  sends: readonly SignedSend[];
  fields: (status: TokenStatus) => FieldSpec[];
  perform: (request: ActionRequest) => Promise<ActionOutcome>;
}

/** Turns a CLI parser into a form check: its message, or null when the value parses. */
function check(parse: Parse<unknown>): (value: string) => string | null {
  return (value) => {
    try {
      parse(value);
      return null;
    } catch (error) {
      return error instanceof Error ? error.message : String(error);
    }
  };
}

// Dates typed without a time mean the end of that day in the dashboard's zone (spec §3).
const endOfDay = instant(() => resolveTimeZone(process.env), 'end-of-day');
const setSize = integer('set size', 1, 50);

/** `3d` (from now) or a date/time: what `ea extend` takes as --lifetime or --expires-at. */
function parseNewEnd(value: string): { lifetimeMs: number } | { expiresAt: string } {
  try {
    return { lifetimeMs: duration(value) };
  } catch {
    try {
      return { expiresAt: endOfDay(value) };
    } catch {
      throw new EaError(
        'invalid',
        `"${value}" is neither a duration (36h, 7d) nor a date (2026-12-31, 2026-12-31T18:00)`,
      );
    }
  }
}

const optional = <T>(value: string | undefined, parse: (text: string) => T): T | undefined =>
  value ? parse(value) : undefined;

const inState =
  (...states: TokenStatus['state'][]) =>
  (status: TokenStatus) =>
    states.includes(status.state);
const notInState =
  (...states: TokenStatus['state'][]) =>
  (status: TokenStatus) =>
    !states.includes(status.state);
const noFields = () => [];

/** A token message as the service sends it from the dashboard: under the operator's origin. */
const asOperator = (message: SignedSend['message'], fields: Record<string, string> = {}): SignedSend => ({
  message,
  payload: { ...fields, origin: 'operator' },
});

function codesMessage(
  result: { serial: string; kind: EaKind; codes: string[]; expiresAt: string },
  delivery: Delivery,
): string {
  const ends = `ends ${formatInstant(result.expiresAt)}`;
  if (result.kind === 'on-demand')
    return `${result.serial}: on-demand EA, ${ends}; the user requests codes by SMS or e-mail`;
  if (delivery !== 'display') return `${result.serial}: ${result.kind} EA, ${ends}; codes sent by ${delivery}`;
  return `${result.serial}: ${result.kind} EA, ${ends}; ${result.codes.length} code${result.codes.length === 1 ? '' : 's'} shown once`;
}

function operatorAction(
  id: ActionId & OperatorAction,
  label: string,
  summary: string,
  appliesTo: ActionSpec['appliesTo'],
  done: string,
  sends: readonly SignedSend[],
  danger = false,
): ActionSpec {
  return {
    id,
    label,
    summary,
    danger,
    appliesTo,
    sends,
    fields: noFields,
    perform: async ({ service, status, meta }) => {
      const after = await service.action(status.serial, id, meta);
      return { message: `${after.serial}: ${done} (now ${after.state})`, codes: [] };
    },
  };
}

export const ACTIONS: readonly ActionSpec[] = [
  {
    id: 'lost',
    label: 'Mark lost',
    summary: 'start emergency access and issue codes',
    appliesTo: inState('active', 'emergency-lapsed'),
    sends: [asOperator('lost')],
    fields: () => [
      { name: 'reason', label: 'Reason', options: REASONS },
      { name: 'kind', label: 'Kind', options: ['', ...EA_KINDS] },
      {
        name: 'count',
        label: 'Codes in set',
        hint: 'policy set size',
        example: '1–50',
        validate: check(setSize),
        when: (v) => v.kind === 'one-time-set',
      },
      {
        name: 'lifetime',
        label: 'Lifetime',
        hint: 'policy lifetime',
        example: 'e.g. 36h, 7d',
        validate: check(duration),
      },
      { name: 'ifFound', label: 'If found', options: ['', ...FOUND_RULES] },
      { name: 'delivery', label: 'Delivery', options: DELIVERIES },
    ],
    perform: async ({ service, status, values, meta }) => {
      const delivery = (values.delivery || 'display') as Delivery;
      const result = await service.lost(
        status.serial,
        {
          reason: values.reason as Reason,
          kind: (values.kind || undefined) as EaKind | undefined,
          count: optional(values.count, setSize),
          lifetimeMs: optional(values.lifetime, duration),
          ifFound: (values.ifFound || undefined) as FoundRule | undefined,
          delivery,
        },
        meta,
      );
      return { message: codesMessage(result, delivery), codes: result.codes };
    },
  },
  {
    id: 'regenerate',
    label: 'Regenerate codes',
    summary: 'void the current codes and issue new ones (reason and end stay)',
    appliesTo: (s) => s.state === 'emergency' && s.kind !== 'on-demand',
    sends: [asOperator('lost')],
    fields: (s) => [
      ...(s.kind === 'one-time-set'
        ? [{ name: 'count', label: 'Codes in set', hint: 'as before', validate: check(setSize) }]
        : []),
      { name: 'delivery', label: 'Delivery', options: DELIVERIES },
    ],
    perform: async ({ service, status, values, meta }) => {
      if (!status.reason) throw new EaError('refused', `${status.serial} is not in emergency access`);
      const delivery = (values.delivery || 'display') as Delivery;
      const result = await service.lost(
        status.serial,
        { reason: status.reason, regenerate: true, count: optional(values.count, setSize), delivery },
        meta,
      );
      return { message: codesMessage(result, delivery), codes: result.codes };
    },
  },
  operatorAction(
    'found',
    'Token found',
    'end emergency access: the token works again',
    inState('emergency', 'emergency-lapsed'),
    'reported found',
    [asOperator('found')],
  ),
  operatorAction(
    'clear',
    'Clear EA',
    'end emergency access now; every emergency code dies',
    inState('emergency', 'emergency-lapsed'),
    'emergency access cleared',
    [asOperator('clear')],
    true,
  ),
  {
    id: 'extend',
    label: 'Change EA end',
    summary: 'move the end of emergency access (within the policy cap)',
    appliesTo: inState('emergency'),
    sends: [asOperator('extend')],
    fields: () => [
      {
        name: 'until',
        label: 'New end',
        example: '3d from now, or 2026-12-31[T18:00]',
        required: true,
        validate: check(parseNewEnd),
      },
    ],
    perform: async ({ service, status, values, meta }) => {
      const after = await service.extend(status.serial, parseNewEnd(values.until ?? ''), meta);
      return { message: `${after.serial}: emergency access now ends ${formatInstant(after.expiresAt)}`, codes: [] };
    },
  },
  operatorAction(
    'disable',
    'Disable',
    'refuse every passcode until enabled',
    (s) => !s.disabled && notInState('retired')(s),
    'disabled',
    [asOperator('operatorAction', { action: 'disable' })],
    true,
  ),
  operatorAction('enable', 'Enable', 'accept passcodes again', (s) => s.disabled, 'enabled', [
    asOperator('operatorAction', { action: 'enable' }),
  ]),
  operatorAction('unlock', 'Unlock', 'end the lockout and reset the failure count', (s) => s.locked, 'unlocked', [
    asOperator('operatorAction', { action: 'unlock' }),
  ]),
  operatorAction(
    'unassign',
    'Unassign',
    'take the token from its user for good (retired)',
    notInState('retired', 'unassigned'),
    'unassigned',
    // The user's workflow lets go of the serial too.
    [asOperator('operatorAction', { action: 'unassign' }), { message: 'detachToken' }],
    true,
  ),
  {
    id: 'set-pin',
    label: 'Set PIN',
    summary: 'set a new PIN (4–8 letters or digits)',
    appliesTo: notInState('retired', 'unassigned'),
    sends: [asOperator('setPin')],
    fields: () => [{ name: 'pin', label: 'New PIN', secret: true, required: true, validate: check(pin) }],
    perform: async ({ service, status, values, meta }) => {
      const after = await service.setPin(status.serial, pin(values.pin ?? ''), meta);
      return { message: `${after.serial}: PIN set`, codes: [] };
    },
  },
  {
    id: 'clear-pin',
    label: 'Clear PIN',
    summary: 'remove the PIN: the tokencode alone is the passcode',
    danger: true,
    appliesTo: (s) => s.hasPin && notInState('retired')(s),
    sends: [asOperator('setPin')],
    fields: noFields,
    perform: async ({ service, status, meta }) => {
      const after = await service.setPin(status.serial, null, meta);
      return { message: `${after.serial}: PIN cleared`, codes: [] };
    },
  },
  {
    id: 'request-replacement',
    label: 'Request replacement',
    summary: 'record that the user needs a new token',
    appliesTo: (s) => s.replacementEligible && !s.replacementRequested && notInState('retired', 'unassigned')(s),
    sends: [asOperator('requestReplacement')],
    fields: noFields,
    perform: async ({ service, status, meta }) => {
      const after = await service.requestReplacement(status.serial, meta);
      return { message: `${after.serial}: replacement requested`, codes: [] };
    },
  },
  {
    id: 'replace',
    label: 'Assign replacement',
    summary: 'give the user a new token; this one is retired and its EA ends',
    danger: true,
    appliesTo: notInState('retired', 'unassigned'),
    // Adds the new one first (assign, then attach: a serial is attached only once assigned), then
    // retires this token and detaches it from the user.
    sends: [
      asOperator('assign'),
      { message: 'attachToken' },
      asOperator('assignReplacement'),
      { message: 'detachToken' },
    ],
    fields: () => [
      { name: 'newSerial', label: 'New serial', required: true, validate: check(serial) },
      { name: 'seed', label: 'Seed (base32)', secret: true, required: true, validate: check(base32Seed) },
      { name: 'expires', label: 'Token expires', example: '2028-12-31', required: true, validate: check(endOfDay) },
      { name: 'pin', label: 'PIN (optional)', secret: true, validate: check(pin) },
    ],
    perform: async ({ service, status, values, meta }) => {
      const replacement = {
        newSerial: serial(values.newSerial ?? ''),
        oath: replacementOath(base32Seed(values.seed ?? '')),
        tokenExpiresAt: endOfDay(values.expires ?? ''),
        ...(values.pin ? { pin: pin(values.pin) } : {}),
      };
      const after = await service.replace(status.serial, replacement, meta);
      return { message: `${after.serial}: replaced by ${replacement.newSerial} (now ${after.state})`, codes: [] };
    },
  },
  {
    id: 'on-demand',
    label: 'Send on-demand code',
    summary: 'send the user a fresh code by SMS or e-mail (never shown here)',
    appliesTo: (s) => s.state === 'emergency' && s.kind === 'on-demand',
    sends: [asOperator('requestOnDemand')],
    fields: noFields,
    perform: async ({ service, status, meta }) => {
      const sent = await service.requestOnDemand(status.serial, meta);
      return {
        message: `${sent.serial}: code sent by ${sent.channel}, valid until ${formatInstant(sent.expiresAt)}`,
        codes: [],
      };
    },
  },
];

export function actionSpec(id: ActionId): ActionSpec {
  const spec = ACTIONS.find((a) => a.id === id);
  if (!spec) throw new Error(`unknown action ${id}`);
  return spec;
}

/** The actions the principal's roles may send, whatever the token (none for an auditor). */
export function grantedActions(access: Access): ActionId[] {
  return ACTIONS.filter((a) => mayAll(access, a.sends)).map((a) => a.id);
}

/** The actions that apply to the token and that the principal's roles may send. */
export function availableActions(status: TokenStatus, access: Access): ActionId[] {
  return ACTIONS.filter((a) => a.appliesTo(status) && mayAll(access, a.sends)).map((a) => a.id);
}
