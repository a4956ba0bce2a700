// The bare engine the benchmark compares us with: the least Temporal work for the same job, none of
// our logic. Bundled on its own, never part of the product bundle.
import { condition, defineSignal, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';
import type { BareActivities } from './bare-activities.js';

export const BARE_TASK_QUEUE = 'bench-bare';
export const bareDeliverSignal = defineSignal<[{ messageId: string; bytes: number }]>('bareDeliver');
export const echoUpdate = defineUpdate<unknown, [unknown]>('echo');

const { writeBareMessage } = proxyActivities<BareActivities>({ startToCloseTimeout: '30 seconds' });

/** Receives one signal and runs one activity that writes one outbox message. */
export async function bareDeliveryWorkflow(): Promise<void> {
  let request: { messageId: string; bytes: number } | null = null;
  setHandler(bareDeliverSignal, (value) => void (request = value));
  await condition(() => request !== null);
  await writeBareMessage(request!);
}

/** Answers an update with its argument, forever. */
export async function bareEchoWorkflow(): Promise<void> {
  setHandler(echoUpdate, (value) => value);
  await condition(() => false);
}
