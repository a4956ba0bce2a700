import { describe, expect, it } from 'vitest';
import type { User } from '../domain/types.js';
import { KnownUser } from './known-user.js';

const ada: User = { id: 'ada', name: 'Ada', email: 'ada@example.test', mobile: null, onDemand: null, serials: ['T1'] };
const moved: User = { ...ada, email: 'ada@new.example.test' };

describe('KnownUser', () => {
  it('knows nothing at first, and only the user it was told of', () => {
    expect(new KnownUser(undefined).of('ada')).toBeUndefined();
    expect(new KnownUser(ada).of('ada')).toBe(ada);
    expect(new KnownUser(ada).of('bob')).toBeUndefined();
  });

  it('keeps what a look-up found, but not that the user was missing', async () => {
    const known = new KnownUser(undefined);
    await expect(known.lookUp('ada', async () => null)).resolves.toBeNull();
    expect(known.of('ada')).toBeUndefined();
    await expect(known.lookUp('ada', async () => ada)).resolves.toBe(ada);
    expect(known.of('ada')).toBe(ada);
    expect(known.snapshot).toBe(ada);
  });

  it('lets news from the user workflow win over a look-up under way', async () => {
    const known = new KnownUser(ada);
    let answer: (user: User) => void = () => undefined;
    const looking = known.lookUp('ada', () => new Promise<User>((resolve) => (answer = resolve)));
    known.heard(moved);
    answer(ada);
    await expect(looking).resolves.toBe(moved);
    expect(known.of('ada')).toBe(moved);
  });
});
