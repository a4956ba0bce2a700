import { describe, expect, it } from 'vitest';
import { DEFAULT_THROTTLE, delayAfter, Throttle } from './throttle.js';

/** A clock that sleeping moves forward, and a log of the sleeps. */
const fakeTime = () => {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleeps,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    advance: (ms: number) => void (now += ms),
  };
};

describe('delayAfter', () => {
  it('lets the first failures go, then doubles, capped below a NAS timeout', () => {
    const delays = [0, 1, 2, 3, 4, 5, 6, 10].map((f) => delayAfter(f, DEFAULT_THROTTLE));
    expect(delays).toEqual([0, 0, 0, 250, 500, 1000, 2000, 3000]);
  });
});

describe('Throttle', () => {
  it('slows a user after failures, clears on success, and holds rejections to the floor', async () => {
    const time = fakeTime();
    const throttle = new Throttle(DEFAULT_THROTTLE, time.now, time.sleep);
    const attempt = (ok: boolean) =>
      throttle.forUser(
        'ann',
        time.now(),
        async () => ok,
        (x) => x,
      );
    for (let i = 0; i < 4; i++) await attempt(false);
    expect(throttle.failuresOf('ann')).toBe(4);
    // Each rejection was held to the floor (300 ms from arrival); the fourth waited 250 ms first.
    expect(time.sleeps).toEqual([300, 300, 300, 250, 50]);
    time.sleeps.length = 0;
    await attempt(true);
    expect(time.sleeps).toEqual([500]);
    expect(throttle.failuresOf('ann')).toBe(0);
  });

  it('forgets old failures of other users as it goes, so many user names cannot grow memory', async () => {
    const time = fakeTime();
    const throttle = new Throttle({ ...DEFAULT_THROTTLE, rejectFloorMs: 0 }, time.now, time.sleep);
    await throttle.forUser(
      'ann',
      time.now(),
      async () => false,
      (x) => x,
    );
    time.advance(DEFAULT_THROTTLE.forgetAfterMs + 1);
    await throttle.forUser(
      'bob',
      time.now(),
      async () => false,
      (x) => x,
    );
    expect(throttle.trackedUsers).toBe(1);
  });

  it('forgets failures after a while, and keeps users apart', async () => {
    const time = fakeTime();
    const throttle = new Throttle(DEFAULT_THROTTLE, time.now, time.sleep);
    await throttle.forUser(
      'ann',
      time.now(),
      async () => false,
      (x) => x,
    );
    expect(throttle.failuresOf('bob')).toBe(0);
    time.advance(DEFAULT_THROTTLE.forgetAfterMs + 1);
    expect(throttle.failuresOf('ann')).toBe(0);
  });

  it('runs one attempt at a time per user', async () => {
    const throttle = new Throttle({ ...DEFAULT_THROTTLE, rejectFloorMs: 0 });
    const order: string[] = [];
    let release!: () => void;
    const first = throttle.forUser(
      'ann',
      Date.now(),
      () => new Promise<boolean>((r) => (release = () => r(true))).then((x) => (order.push('first'), x)),
      (x) => x,
    );
    const second = throttle.forUser(
      'ann',
      Date.now(),
      async () => (order.push('second'), true),
      (x) => x,
    );
    await new Promise((r) => setTimeout(r, 10));
    expect(order).toEqual([]);
    release();
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
  });

  it('sheds requests past the in-flight limit of one client, not of another', () => {
    const throttle = new Throttle({ ...DEFAULT_THROTTLE, maxInFlightPerClient: 2 });
    expect([throttle.admit('vpn'), throttle.admit('vpn'), throttle.admit('vpn')]).toEqual([true, true, false]);
    expect(throttle.admit('wifi')).toBe(true);
    throttle.release('vpn');
    expect(throttle.admit('vpn')).toBe(true);
  });
});
