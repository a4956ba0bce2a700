// Authentication by user id: which of the user's tokens to ask, in which order. The hinted token
// (SerialHints) is asked before the user's serials are read, so a client that serves the same users
// again needs one round trip, not two; the read, never the hint, decides which tokens are still to
// be tried. An unknown user or token gets the same answer as a wrong passcode, in the same time
// class, so neither can be enumerated.
import { randomUUID } from 'node:crypto';
import type { AuthenticatePayload, SettleAttemptPayload } from '../contract/messages.js';
import { REJECTED } from '../domain/token-authenticate.js';
import type { User } from '../domain/types.js';
import type { AuthResult, TokenStatus } from '../domain/views.js';
import { EaError, type OnDemandSent } from './ea-service.js';
import { retryWhileBusy } from './retry-while-busy.js';
import { SerialHints } from './serial-hints.js';
import { serialsFromMemo } from './serials-memo.js';

/** What the strategy asks of the service; each call fails with an EaError. */
export interface UserTokenCalls {
  /** The user workflow's memo, one call the server answers alone; not-found for an unknown user. */
  userMemo(userId: string): Promise<Record<string, unknown> | undefined>;
  /** The user workflow's query, for a run that predates the memo. */
  getUser(userId: string): Promise<User | null>;
  /** One token's authenticate update; the service adds who asks (actor and signature). */
  authenticate(serial: string, request: AuthenticateRequest): Promise<AuthResult>;
  /** One token's status query. */
  status(serial: string): Promise<TokenStatus>;
  /** One token's on-demand request with the PIN a login prompt got, filed as self-service. */
  requestOnDemand(serial: string, pin: string): Promise<OnDemandSent>;
  /** Ends a by-user attempt on a token that rejected within it (its failure is pending until then). */
  settleAttempt(serial: string, request: SettleRequest): Promise<unknown>;
}

/** The passcode (the service seals it), the user, the by-user attempt it belongs to, and the front end. */
export type AuthenticateRequest = Pick<AuthenticatePayload, 'userId' | 'attempt' | 'via'> & { passcode: string };
export type SettleRequest = Pick<SettleAttemptPayload, 'attempt' | 'acceptedOn'>;

/**
 * No rejection is answered sooner than this after the attempt began: an unknown user (one read)
 * and a wrong passcode (a read and a token or three) then take the same time, as FreeRADIUS's
 * `reject_delay` does; it also slows guessing. Above the usual rejection (tens of milliseconds).
 */
export const REJECT_FLOOR_MS = 250;

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, Math.max(0, ms)));

export class AuthenticateByUser {
  private readonly hints = new SerialHints();

  constructor(
    private readonly calls: UserTokenCalls,
    private readonly rejectFloorMs = REJECT_FLOOR_MS,
  ) {}

  /** A token just assigned to the user: the user's next authentication may ask it first. */
  assigned(userId: string, serial: string): void {
    this.hints.add(userId, serial);
  }

  /**
   * The user's serials, read consistently (spec §4): from the user workflow's memo, or from its
   * query when the run predates the memo. Each read replaces the user's hint.
   */
  async userSerials(userId: string): Promise<string[]> {
    let memo: Record<string, unknown> | undefined;
    try {
      memo = await this.calls.userMemo(userId);
    } catch (error) {
      if (error instanceof EaError && error.code === 'not-found') return [];
      throw error;
    }
    const serials = serialsFromMemo(memo) ?? (await this.calls.getUser(userId))?.serials ?? [];
    this.hints.set(userId, serials);
    return serials;
  }

  /**
   * Tries the user's tokens until one accepts. Every token is asked with the user's id, so a token
   * that is not the user's rejects without counting a failure. A rejection is REJECTED whatever
   * the cause (no such user or token, wrong passcode, a locked token), after the floor; only a
   * token whose own code was right but its found-token rule refuses says so. `via`: the gateway
   * front end the passcode came through, for the audit.
   */
  async authenticate(userId: string, passcode: string, serial?: string, via?: string): Promise<AuthResult> {
    const started = Date.now();
    const result = await this.attempt(userId, passcode, serial, via);
    if (!result.accepted) await delay(started + this.rejectFloorMs - Date.now());
    return result;
  }

  /**
   * A named token counts its failure at once. Across the user's tokens, each holds its failure
   * pending until the attempt is settled: accepted on one, the others drop theirs (a user with two
   * tokens who logs in with one is not locked out of the other); accepted on none, they count.
   */
  private async attempt(userId: string, passcode: string, serial?: string, via?: string): Promise<AuthResult> {
    const heard = via ? { via } : {};
    if (serial) return (await this.answerOf(serial, { passcode, userId, ...heard })) ?? REJECTED;
    const request = { passcode, userId, attempt: randomUUID(), ...heard };
    const rejectedBy: string[] = [];
    const ask = async (candidate: string) => {
      const answer = await this.answerOf(candidate, request);
      if (answer && !answer.accepted) rejectedBy.push(candidate);
      return answer;
    };
    const hinted = this.hints.first(userId);
    const first = hinted === undefined ? null : await ask(hinted);
    if (first?.accepted) return first;
    const serials = await this.userSerials(userId);
    // A hinted token the read confirms has been tried; anything else the read lists still is.
    const tried = first && serials.includes(hinted!) ? hinted : undefined;
    const answers = tried ? [first!] : [];
    let accepted: AuthResult | null = null;
    for (const candidate of serials) {
      if (candidate === tried) continue;
      const answer = await ask(candidate);
      if (answer?.accepted) {
        accepted = answer;
        break;
      }
      if (answer) answers.push(answer);
    }
    await this.settle(rejectedBy, { attempt: request.attempt, acceptedOn: accepted?.serial ?? null });
    return accepted ?? answers.find((answer) => answer.reason !== 'rejected') ?? REJECTED;
  }

  /** Settles the attempt on each token that rejected it. One that cannot be told counts the failure at its next passcode. */
  private async settle(serials: string[], request: SettleRequest): Promise<void> {
    await Promise.all(
      serials.map((serial) =>
        retryWhileBusy(() => this.calls.settleAttempt(serial, request)).catch((error: unknown) => {
          if (!(error instanceof EaError)) throw error;
        }),
      ),
    );
  }

  /**
   * The challenge flow's first step (spec §7, gateway): `pin` alone at a login prompt sends a code
   * from the first of the user's tokens in on-demand EA that takes that PIN. Null when none sent one
   * (unknown user, no such token, wrong PIN, hourly limit), so the caller cannot tell which.
   */
  async requestOnDemand(userId: string, pin: string): Promise<OnDemandSent | null> {
    for (const serial of await this.userSerials(userId)) {
      const status = await this.calls.status(serial).catch(() => null);
      if (status?.state !== 'emergency' || status.kind !== 'on-demand') continue;
      try {
        return await retryWhileBusy(() => this.calls.requestOnDemand(serial, pin));
      } catch (error) {
        if (!(error instanceof EaError && (error.code === 'refused' || error.code === 'not-found'))) throw error;
      }
    }
    return null;
  }

  /** One token's answer; null when there is no such token or it refused the call. */
  private async answerOf(serial: string, request: AuthenticateRequest): Promise<AuthResult | null> {
    try {
      return await retryWhileBusy(() => this.calls.authenticate(serial, request));
    } catch (error) {
      if (error instanceof EaError && (error.code === 'not-found' || error.code === 'refused')) return null;
      throw error;
    }
  }
}
