import { expect, it } from 'vitest';
import { CoalescedRead } from './coalesced-read.js';
import { SerialExecutor } from './serial-executor.js';

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

it('coalesces asks made before a read starts into that read, and asks during it into one more', async () => {
  const queue = new SerialExecutor();
  let reads = 0;
  let finish: () => void = () => {};
  const read = new CoalescedRead(queue, () => {
    reads++;
    return new Promise<void>((resolve) => (finish = resolve));
  });
  for (let i = 0; i < 5; i++) read.request();
  await settle();
  expect(reads).toBe(1);
  for (let i = 0; i < 5; i++) read.request(); // while the first read runs
  finish();
  await settle();
  expect(reads).toBe(2);
  finish();
  await settle();
  expect(reads).toBe(2);
  expect(queue.idle).toBe(true);
  read.request(); // a later ask reads again
  await settle();
  expect(reads).toBe(3);
  finish();
  await settle();
  expect(queue.idle).toBe(true);
});
