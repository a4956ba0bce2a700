// One token workflow in memory: the real TokenEntity on plain ports, and, instead of a running loop,
// the loop's work done lazily around every call: the user looked up, each due timer fired at its
// deadline (the workflow time it would have fired at), notices addressed and messages delivered to
// the outbox, each delivery audited as the workflow audits it.
import { randomUUID } from 'node:crypto';
import { TypedSearchAttributes } from '@temporalio/common';
import type { CodesRequest, IssuedCodes } from '../activities/codes.js';
import type { PasscodeCheck, PinCheck } from '../activities/passcode-check.js';
import type { PasscodeVerdict } from '../domain/passcode-verdict.js';
import { isoAt } from '../domain/time.js';
import type { AuditRecord, Policy, User } from '../domain/types.js';
import { DELIVERY_REQUESTER, deliveredEvent, failedEvent } from '../workflows/delivery-events.js';
import { SerialExecutor } from '../workflows/serial-executor.js';
import { TokenEntity } from '../workflows/token-entity.js';
import { searchAttributesOf } from '../workflows/token-search-attributes.js';
import type { TokenListItem } from './ea-service.js';
import type { MemoryOutbox } from './memory-outbox.js';
import { tokenListItemOf } from './token-list-item.js';

/** What a token needs from the service it lives in. */
export interface MemoryTokenHost {
  clock(): number;
  lookupUser(userId: string): User | null;
  acceptedAttempt(serial: string, attempt: string): string | null;
  exportAudit(records: AuditRecord[]): void;
  outbox: MemoryOutbox;
  /** The worker's code generation (activities/codes.ts), under the service's workers' key. */
  generateCodes(request: CodesRequest): Promise<IssuedCodes>;
  /** The worker's check of a sealed passcode (activities/passcode-check.ts). */
  checkPasscode(check: PasscodeCheck): Promise<PasscodeVerdict>;
  checkPin(check: PinCheck): Promise<boolean>;
}

export class MemoryToken {
  readonly entity: TokenEntity;
  private published: TokenListItem | null = null;
  private readonly queue = new SerialExecutor();
  /** While timers fire: their deadline, which is the workflow time they fire at. */
  private firingAt: number | null = null;

  constructor(
    serial: string,
    policy: Policy,
    private readonly host: MemoryTokenHost,
  ) {
    this.entity = new TokenEntity(
      { serial },
      {
        now: () => this.firingAt ?? host.clock(),
        newId: randomUUID,
        generateCodes: (request) => host.generateCodes(request),
        checkPasscode: (check) => host.checkPasscode(check),
        checkPin: (check) => host.checkPin(check),
        lookupUser: async (userId) => host.lookupUser(userId),
        acceptedAttempt: async (serial, attempt) => host.acceptedAttempt(serial, attempt),
        exportAudit: (records) => host.exportAudit(records),
        publish: (status) => {
          this.published = tokenListItemOf(new TypedSearchAttributes().updateCopy(searchAttributesOf(status)));
        },
      },
    );
    // A first run fetches the policy before its first handler runs.
    this.entity.policyChanged(policy);
  }

  /** The row visibility would hold: made from the search attributes the workflow upserts. */
  get row(): TokenListItem | null {
    return this.published;
  }

  /** A timer is due: the loop would have fired it by now. */
  get due(): boolean {
    return this.entity.deadlineAt !== null && this.entity.deadlineAt <= this.host.clock();
  }

  /**
   * Runs `body` after everything queued before it (the handlers' SerialExecutor), with the loop's
   * work caught up before it and done after it, also when it throws.
   */
  run<R>(body: (entity: TokenEntity) => R | Promise<R>): Promise<R> {
    return this.queue.run(async () => {
      await this.catchUp();
      try {
        return await body(this.entity);
      } finally {
        await this.catchUp();
      }
    });
  }

  /** What the workflow loop would have done by now. */
  private async catchUp(): Promise<void> {
    const { entity } = this;
    if (entity.state?.userId && !entity.userKnown()) await entity.lookupUser();
    while (this.due) {
      const at = entity.deadlineAt;
      this.firingAt = at;
      try {
        entity.fireDueTimers();
        await this.send();
      } finally {
        this.firingAt = null;
      }
      if (entity.deadlineAt === at) break; // firing never re-arms a timer; this only guards that
    }
    await this.send();
  }

  /** Notices become messages to the user; each message goes to the outbox and is audited. */
  private async send(): Promise<void> {
    const { entity } = this;
    if (entity.notices.length > 0) entity.queueNotices(await entity.lookupUser());
    for (const message of entity.messages.splice(0)) {
      const delivery = this.host.outbox.deliver(message, isoAt(this.firingAt ?? this.host.clock()));
      entity.record(
        delivery.ok ? deliveredEvent(message, delivery.receipt) : failedEvent(message, delivery.reason),
        DELIVERY_REQUESTER,
      );
    }
  }
}
