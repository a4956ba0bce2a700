// Small workflows that prove the platform (durability, poison input) without product logic.
import { defineQuery, defineSignal, setHandler, sleep } from '@temporalio/workflow';
import { isUndecodable } from '../../contract/undecodable.js';

export const poke = defineSignal<[unknown]>('poke');
export const received = defineQuery<string[]>('received');

/** Sleeps on a durable timer, recording what its signals carried. */
export async function fixtureTimerWorkflow(sleepMs: number): Promise<string> {
  const got: string[] = [];
  setHandler(poke, (value) => {
    got.push(isUndecodable(value) ? 'undecodable' : JSON.stringify(value));
  });
  setHandler(received, () => got);
  await sleep(sleepMs);
  return 'timer-fired';
}
