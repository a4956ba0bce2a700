// Builders shared by the domain's unit tests: a token, requesters, contexts, and emergency access
// started with real (deterministic) codes, so tests type passcodes as a user would.
import { generateCode } from './code-format.js';
import { oathCodeAt, verifyOathCode } from './oath.js';
import { hashPin } from './pin-hash.js';
import { DEFAULT_POLICY } from './policy.js';
import { hashSecret } from './secret-hash.js';
import { DAY_MS, isoAt } from './time.js';
import { planEmergency, startEmergency } from './token-emergency.js';
import { type TokenState } from './token-state.js';
import type { ReportLostRequest, RequestMeta } from './requests.js';
import type { OathSpec, Origin, PinHash, Policy, Requester, SealedOath, User } from './types.js';
import { authenticate, authenticateFor } from './token-authenticate.js';
import { passcodeVerdict, verdictSubject } from './passcode-verdict.js';
import type { AuthResult } from './views.js';
import { newTokenState } from './token-assign.js';
import type { Ctx, Step } from './step.js';

export const T0 = Date.parse('2026-03-01T12:00:00.000Z');
export const SEED = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
export const PIN = '4711';
export const totp: OathSpec = {
  type: 'totp',
  secretBase32: SEED,
  digits: 6,
  period: 30,
  algorithm: 'SHA1',
  counter: 0,
};
export const hotp: OathSpec = { ...totp, type: 'hotp' };

export const operator: Requester = { actor: 'helpdesk-anna', origin: 'operator' };
export const selfService: Requester = { actor: 'self-service', origin: 'self-service' };
export const system: Requester = { actor: 'asset-mgmt', origin: 'system' };
export const requesters: Record<Origin, Requester> = { operator, 'self-service': selfService, system };

let requestCounter = 0;
export function meta(requester: Requester = operator): RequestMeta {
  return { requestId: `req-${++requestCounter}`, actor: requester.actor, origin: requester.origin as Origin };
}

export function ctxAt(nowMs: number, requester: Requester = operator, policy: Policy = DEFAULT_POLICY): Ctx {
  return { nowMs, policy, requester };
}

let saltCounter = 0;
const nextSalt = () => (++saltCounter).toString(16).padStart(32, '0');
/** A fresh salt per secret, as the activity makes (deterministic here). */
export const hash = (secret: string) => hashSecret(secret, nextSalt());
/** A PIN as the client sends it: its salted slow hash. */
export const pinHash = (pin: string): PinHash => hashPin(pin, nextSalt());

// The domain never reads a seed: these tests keep it beside the token, in a stand-in for the box a
// worker would open (the real sealing is secrets/sealed-box.ts, tested there and end to end).
const seeds = new Map<string, OathSpec>();

/** A token's OATH parameters as the token keeps them, with the seed where only "the worker" reads it. */
export function sealedForTest(spec: OathSpec): SealedOath {
  const { secretBase32, ...params } = spec;
  const sealedSecret = `test-box-${secretBase32}`;
  seeds.set(sealedSecret, spec);
  return { ...params, sealedSecret, secretId: secretBase32.slice(0, 8) };
}

/** The plain spec behind a token's sealed one, with the counter the token has now. */
export function openForTest(oath: SealedOath): OathSpec {
  const spec = seeds.get(oath.sealedSecret);
  if (!spec) throw new Error('no such test seed');
  return { ...spec, counter: oath.counter };
}

/** Authenticates as the workflow does: "the worker" judges the passcode with the seed, then the step decides. */
export function authenticateAsWorkflow(
  state: TokenState,
  passcode: string,
  ctx: Ctx,
  userId?: string,
  attempt?: string,
): Step<AuthResult> {
  const verdict = passcodeVerdict(verdictSubject(state), passcode, (code) => {
    const own = verifyOathCode(openForTest(state.oath), code, ctx.nowMs, state.lastOathStep);
    return own.ok ? own.step : null;
  });
  return userId === undefined
    ? authenticate(state, verdict, ctx, attempt)
    : authenticateFor(state, userId, verdict, ctx, attempt);
}

export const alice: User = {
  id: 'alice',
  name: 'Alice',
  email: 'alice@example.com',
  mobile: '+4915112345678',
  onDemand: 'sms',
  serials: ['T1'],
};

export function newToken(
  options: { pin?: string | null; userId?: string | null; oath?: OathSpec; expiresInDays?: number; at?: number } = {},
): TokenState {
  const at = options.at ?? T0;
  const pin = options.pin === undefined ? PIN : options.pin;
  return newTokenState(
    {
      serial: 'T1',
      userId: options.userId === undefined ? 'alice' : options.userId,
      oath: sealedForTest(options.oath ?? totp),
      tokenExpiresAt: isoAt(at + (options.expiresInDays ?? 400) * DAY_MS),
      pin: pin === null ? null : pinHash(pin),
    },
    ctxAt(at),
  ).state;
}

/** A small deterministic random source for codes. */
export function seededRandom(seed: number): (max: number) => number {
  let x = seed >>> 0 || 1;
  return (max) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % max;
  };
}

export type LostRequest = Partial<ReportLostRequest> & Pick<ReportLostRequest, 'reason'>;

/** Report lost as the workflow does: plan, generate codes, start. Throws if refused. */
export function reportLost(
  state: TokenState,
  request: LostRequest,
  ctx: Ctx,
  user: User | null = alice,
): { state: TokenState; codes: string[]; steps: Step<unknown>[] } {
  const req: ReportLostRequest = { ...meta(ctx.requester), ...request };
  const planned = planEmergency(state, req, user, ctx);
  if (!planned.result.ok) throw new Error(`refused: ${planned.result.message}`);
  const { plan } = planned.result;
  const random = seededRandom(ctx.nowMs + state.auditSeq);
  const codes = Array.from({ length: plan.count }, () => generateCode(plan.format, random));
  const started = startEmergency(planned.state, plan, { hashes: codes.map(hash), codeLength: plan.format.length }, ctx);
  if (!started.result.ok) throw new Error(`refused: ${started.result.message}`);
  return { state: started.state, codes, steps: [planned, started] };
}

/** The token's own passcode at a time (PIN + current code). */
export function ownPasscode(state: TokenState, nowMs: number, pin = PIN): string {
  return pin + oathCodeAt(openForTest(state.oath), nowMs);
}

export const typesOf = (step: Step<unknown>) => step.records.map((r) => r.type);
