// The gateway's decision (spec §7), the same for RADIUS and HTTP: a user and what they typed (and
// the State of a challenge they answer) → ACCEPT, REJECT or CHALLENGE. PIN + code in one go is
// checked at once. What may be the PIN alone (a NAS that sends the PIN first, or a user in
// on-demand EA asking for a code) is challenged for the code, whoever the user and whatever the
// PIN: one CHALLENGE with one message, and the answer with its State is checked as PIN + code.
// Every kind of no is one and the same REJECT with one message: an unknown user, a wrong PIN, a
// wrong code, a locked or disabled token and a stale State cannot be told apart.
import { EaError, type OnDemandSent } from '../client/ea-service.js';
import { isValidPin } from '../domain/passcode.js';
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
  /** The front end's client (`radius vpn-1`, `http web-app`): whose open challenges a new one counts against. */
  client: string;
}

export const MESSAGES = {
  accept: 'Access granted',
  reject: 'Access denied',
  // One prompt for every challenge: naming where a code went would tell a right PIN from a wrong one.
  challenge: 'Enter your code (from your token, or the one sent to you if you asked for one)',
} as const;

export const REJECT: CheckAnswer = { result: 'REJECT', message: MESSAGES.reject };

/** Only an acceptance is a success for the throttle: a challenge, which anyone gets, is no evidence. */
export const isAccept = (answer: CheckAnswer) => answer.result === 'ACCEPT';

/** Whether a password may be the PIN alone: nothing (a token without PIN) or a PIN's form, for any user. */
const mayBePinAlone = (pass: string) => pass === '' || isValidPin(pass);

/** The service could not be asked (no server, no worker in time): the front end says so its own way. */
export class BackendUnavailable extends Error {}

export class Checker {
  constructor(
    private readonly backend: CheckBackend,
    private readonly challenges: ChallengeTable,
  ) {}

  async check({ user, pass, state, via, client }: CheckRequest): Promise<CheckAnswer> {
    try {
      if (state !== undefined) {
        const challenge = this.challenges.take(state, user);
        return challenge ? await this.authenticate(user, challenge.pin + pass, via) : REJECT;
      }
      if (!mayBePinAlone(pass)) return await this.authenticate(user, pass, via);
      // A PIN's form may also be a whole passcode (a code of a token without PIN). The on-demand
      // request runs alongside, not after, so whether it sent a code does not show in the time
      // taken: the authentication's own floor and the throttle's cover it.
      const [answer] = await Promise.all([
        pass === '' ? REJECT : this.authenticate(user, pass, via),
        this.backend.requestOnDemandByUser(user, pass),
      ]);
      if (isAccept(answer)) return answer;
      return {
        result: 'CHALLENGE',
        message: MESSAGES.challenge,
        state: this.challenges.add({ user, pin: pass }, client),
      };
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
