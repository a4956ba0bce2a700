import { describe, expect, it } from 'vitest';
import { ea, testService } from '../testing/run.js';

describe('ea user add', () => {
  it('creates, then reports unchanged on a repeat; JSON = { user, outcome }', async () => {
    const service = testService();
    const argv = [
      'user',
      'add',
      'alice',
      '--name',
      'Alice A',
      '--email',
      'alice@example.com',
      '--mobile',
      '+4915112345678',
      '--on-demand',
      'sms',
      '--json',
    ];
    const first = await ea(argv, { service });
    expect(first.code).toBe(0);
    expect(first.json()).toEqual({
      user: {
        id: 'alice',
        name: 'Alice A',
        email: 'alice@example.com',
        mobile: '+4915112345678',
        onDemand: 'sms',
        serials: [],
      },
      outcome: 'created',
    });
    expect((await ea(argv, { service })).json()).toMatchObject({ outcome: 'unchanged' });
  });

  it('sends only the flags given, so an update keeps the rest', async () => {
    const service = testService();
    await ea(['user', 'add', 'bob', '--email', 'bob@example.com'], { service });
    const result = await ea(['user', 'add', 'bob', '--name', 'Bob B'], { service });
    expect(result.stdout).toBe('User bob updated: Bob B, bob@example.com, no on-demand codes\n');
    expect(service.calls[1]?.args[0]).toEqual({ id: 'bob', name: 'Bob B' });
  });

  it.each([
    [['--email', 'nope'], /not an e-mail address/],
    [['--mobile', '0151 1234'], /E\.164/],
    [['--on-demand', 'fax'], /--on-demand must be one of email, sms/],
  ])('refuses %j before calling the service (exit 2)', async (flags, message) => {
    const result = await ea(['user', 'add', 'carol', ...flags]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.connects).toBe(0);
  });

  it('passes on the service refusing a user without contact', async () => {
    const result = await ea(['user', 'add', 'dave', '--json']);
    expect(result.code).toBe(2);
    expect(result.json()).toMatchObject({ error: { code: 'invalid' } });
  });
});
