// The gateway's decision (spec §7), the same for RADIUS and HTTP: a user and what they typed (and
// the State of a challenge they answer) → ACCEPT, REJECT or CHALLENGE. PIN + code in one go is
// checked at once; a PIN alone for a user in on-demand EA sends a code and challenges for it.
// Every kind of no is one and the same REJECT with one message: an unknown user, a wrong PIN, a
// wrong code, a locked or disabled token and a stale State cannot be told apart.
import type { OnDemandSent } from '../client/ea-service.js';
import { EaError } from '../client/ea-service.js';
import type { AuthMethod } from '../domain/types.js';
import type { AuthResult } from '../domain/views.js';
import type { ChallengeTable } from './challenges.js';

export type CheckResult = 'ACCEPT' | 'REJECT' | 'CHALLENGE';

export interface CheckAnswer {
  result: CheckResult;
  message: string;
  /** CHALLENGE only: what the next request sends back. */
  state?: string;
  /** ACCEPT only, for the metrics: how the passcode was accepted. */
  method?: AuthMethod;
}

/** What the gateway asks of the service (its key has the `authenticator` role). */
export interface CheckBackend {
  authenticate(userId: string, passcode: string, serial?: string, via?: string): Promise<AuthResult>;
  requestOnDemandByUser(userId: string, pin: string): Promise<OnDemandSent | null>;
}

export interface CheckRequest {
  user: string;
  pass: string;
  state?: string;
  /** The front end, for the audit: `radius client=… nas=…` or `http caller=…`. */
  via: string;
}

export const MESSAGES = {
  accept: 'Access granted',
  reject: 'Access denied',
  challenge: (channel: OnDemandSent['channel']) =>
    `A code was sent to you by ${channel === 'sms' ? 'SMS' : 'e-mail'}; enter it`,
} as const;

export const REJECT: CheckAnswer = { result: 'REJECT', message: MESSAGES.reject };

/** The service could not be asked (no server, no worker in time): the front end says so its own way. */
export class BackendUnavailable extends Error {}

export class Checker {
  constructor(
    private readonly backend: CheckBackend,
    private readonly challenges: ChallengeTable,
  ) {}

  async check({ user, pass, state, via }: CheckRequest): Promise<CheckAnswer> {
    try {
      if (state !== undefined) {
        const challenge = this.challenges.take(state, user);
        return challenge ? this.authenticate(user, challenge.pin + pass, via) : REJECT;
      }
      if (pass !== '') {
        const answer = await this.authenticate(user, pass, via);
        if (answer.result === 'ACCEPT') return answer;
      }
      const sent = await this.backend.requestOnDemandByUser(user, pass);
      if (!sent) return REJECT;
      const next = this.challenges.add({ user, pin: pass, expiresAtMs: Date.parse(sent.expiresAt) });
      return { result: 'CHALLENGE', message: MESSAGES.challenge(sent.channel), state: next };
    } catch (error) {
      // Input the service refuses (too long a passcode, a user id it cannot take) is a no like any other.
      if (error instanceof EaError && error.code !== 'unavailable') return REJECT;
      throw new BackendUnavailable((error as Error).message, { cause: error });
    }
  }

  private async authenticate(user: string, passcode: string, via: string): Promise<CheckAnswer> {
    const result = await this.backend.authenticate(user, passcode, undefined, via);
    if (!result.accepted || result.method === null) return REJECT;
    return { result: 'ACCEPT', message: MESSAGES.accept, method: result.method };
  }
}
