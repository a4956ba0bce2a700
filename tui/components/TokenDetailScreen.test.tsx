import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Role } from '../../trust/roles.js';
import { registeredService } from '../testing/principals.js';
import { cleanup, KEYS, renderDashboard, TEST_NOW, type RenderedDashboard } from '../testing/render.js';
import { seedTokens } from '../testing/seed.js';

afterEach(cleanup);

/** The token's detail, on a dashboard acting as `admin` or as a principal with `roles`. */
async function openToken(serial: string, roles?: Role[]) {
  const service = await registeredService({ principals: roles ? { someone: roles } : {} });
  await seedTokens(service, 12, TEST_NOW);
  const ui = await renderDashboard(service, roles ? { principal: 'someone' } : {});
  await vi.waitFor(() => expect(ui.frame()).toContain('12/12 tokens'));
  await ui.press('/', serial, KEYS.enter, KEYS.enter);
  await vi.waitFor(() => expect(ui.frame()).toContain('Audit trail'));
  return { service, ui };
}

/** Grouped codes as the codes box prints them: `1  ABCD-EFGH`. */
function shownCodes(frame: string): string[] {
  return [...frame.matchAll(/\b\d{1,2} {2}(\S{4}-\S{4})/g)].map((m) => m[1] ?? '');
}

async function chooseAction(ui: RenderedDashboard, label: string) {
  await ui.press('a');
  for (let i = 0; i < 14 && !new RegExp(`› ${label}`).test(ui.frame()); i++) await ui.press('j');
  expect(ui.frame()).toContain(`› ${label}`);
  await ui.press(KEYS.enter);
}

describe('token detail', () => {
  it('says when messages to the user are undelivered and being retried', async () => {
    const service = await registeredService();
    await seedTokens(service, 12, TEST_NOW);
    const status = service.status.bind(service);
    const held = { channel: 'email' as const, failures: 2, lastError: 'connect ECONNREFUSED' };
    const times = { nextAttemptAt: '2026-03-01T13:00:00.000Z', giveUpAt: '2026-03-02T12:00:00.000Z' };
    service.status = async (serial) => ({
      ...(await status(serial)),
      undelivered: [
        { template: 'emergency-codes', ...held, ...times },
        { template: 'emergency-started', ...held, ...times },
      ],
    });
    const ui = await renderDashboard(service);
    await vi.waitFor(() => expect(ui.frame()).toContain('12/12 tokens'));
    await ui.press('/', 'T00010', KEYS.enter, KEYS.enter);
    await vi.waitFor(() => expect(ui.frame()).toContain('Audit trail'));
    expect(ui.frame()).toContain('2 messages undelivered, next try 2026-03-01 13:00Z');
  });

  it('shows the state, every running timer counting down, and the audit trail', async () => {
    const { ui } = await openToken('T00010');
    const frame = ui.frame();
    expect(frame).toContain('T00010 user user00004 state emergency');
    expect(frame).toContain(
      'EA temporarily-unavailable · one-time-set · 5 codes left · if found: allow-and-end-emergency',
    );
    expect(frame).toMatch(/EA ends\s+in 1d 00h\s+2026-03-02 12:02Z/);
    expect(frame).toMatch(/user warned EA ends soon\s+in 2m 00s/);
    expect(frame).toMatch(/token expires\s+in 400d 00h/);
    expect(frame).toMatch(/emergency-started\s+ok\s+admin \(operator\)\s+reason=temporarily-unavailable/);
    expect(frame).toMatch(/token-assigned/);
  });

  it('offers only the actions that apply to the token', async () => {
    const { ui } = await openToken('T00001');
    await ui.press('a');
    expect(ui.frame()).toContain('Mark lost');
    expect(ui.frame()).not.toContain('Regenerate codes');
    expect(ui.frame()).not.toContain('Clear EA');
    await ui.press(KEYS.escape, KEYS.escape);
    await vi.waitFor(() => expect(ui.frame()).toContain('/T00001 · 1/12 tokens'));
  });

  it('marks a token lost after confirmation and shows the codes once, grouped, until Enter', async () => {
    const { service, ui } = await openToken('T00001');
    await chooseAction(ui, 'Mark lost');
    await ui.press(KEYS.right, KEYS.down, KEYS.right, KEYS.right, KEYS.down, '3');
    expect(ui.frame()).toMatch(/Reason\s+temporarily-unavailable/);
    expect(ui.frame()).toMatch(/Kind\s+one-time-set/);
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('Confirm: Mark lost — T00001?');
    expect(ui.frame()).toMatch(/Codes in set\s+3/);
    expect((await service.status('T00001')).state).toBe('active'); // nothing happens before the confirmation

    await ui.press(KEYS.enter);
    await vi.waitFor(() => expect(ui.frame()).toContain('Read these 3 codes to the user now'));
    const codes = shownCodes(ui.frame());
    expect(codes).toHaveLength(3);
    await ui.press(KEYS.escape, 'q', KEYS.tab);
    expect(shownCodes(ui.frame())).toEqual(codes); // only a deliberate Enter closes them

    await ui.press(KEYS.enter);
    await vi.waitFor(() => expect(ui.frame()).toContain('3 codes left'));
    expect(ui.frame()).toContain('✓ T00001: one-time-set EA');
    for (const code of codes) expect(ui.frame()).not.toContain(code);

    // The codes shown were the real ones: each lets the user in, once.
    const [first = ''] = codes;
    expect((await service.authenticate('user00001', `1234${first.replace('-', '')}`)).accepted).toBe(true);
    expect((await service.authenticate('user00001', `1234${first.replace('-', '')}`)).accepted).toBe(false);
  });

  it('checks values as they are typed and shows what the service refused', async () => {
    const { ui } = await openToken('T00010');
    await chooseAction(ui, 'Change EA end');
    await ui.press('abc');
    expect(ui.frame()).toContain('✗ "abc" is neither a duration');
    await ui.press(KEYS.enter);
    expect(ui.frame()).not.toContain('Confirm:');
    await ui.press(KEYS.backspace, KEYS.backspace, KEYS.backspace, '400d', KEYS.enter);
    expect(ui.frame()).toContain('Confirm: Change EA end — T00010?');
    await ui.press('y');
    await vi.waitFor(() =>
      expect(ui.frame()).toContain('✗ invalid: emergency access may last at most maxEmergencyLifetime (365d)'),
    );
    expect(ui.frame()).toContain('Enter or y: try again · Esc or n: go back');
    await ui.press(KEYS.escape);
    expect(ui.frame()).toMatch(/› New end\s+400d/);
  });

  it('runs an action without fields after a confirmation and says what happened', async () => {
    const { service, ui } = await openToken('T00001');
    await chooseAction(ui, 'Disable');
    expect(ui.frame()).toContain('Confirm: Disable — T00001?');
    await ui.press(KEYS.enter);
    await vi.waitFor(() => expect(ui.frame()).toContain('✓ Disable — T00001'));
    expect(ui.frame()).toContain('T00001: disabled (now active)');
    expect((await service.status('T00001')).disabled).toBe(true);
    await ui.press(KEYS.enter);
    await vi.waitFor(() => expect(ui.frame()).toContain('state active · disabled'));
  });
});

/** The labels in the open action menu, top to bottom. */
function menu(frame: string): string[] {
  const lines = frame.split('\n');
  const start = lines.findIndex((line) => line.startsWith('Actions for '));
  const items: string[] = [];
  for (const line of lines.slice(start + 1)) {
    const item = /^[› ] (\S+(?: \S+)*?) {2,}/.exec(line)?.[1];
    if (!item) break;
    items.push(item);
  }
  return items;
}

describe('token detail: what the roles allow', () => {
  it('offers an admin every action that applies', async () => {
    const { ui } = await openToken('T00001');
    await ui.press('a');
    expect(menu(ui.frame())).toEqual([
      'Mark lost',
      'Disable',
      'Unassign',
      'Set PIN',
      'Clear PIN',
      'Assign replacement',
    ]);
  });

  it('does not offer a helpdesk principal unassign or a replacement token', async () => {
    const { ui } = await openToken('T00010', ['helpdesk']);
    expect(ui.frame()).toContain('principal someone (helpdesk)');
    await ui.press('a');
    expect(menu(ui.frame())).toEqual([
      'Regenerate codes',
      'Token found',
      'Clear EA',
      'Change EA end',
      'Disable',
      'Set PIN',
      'Clear PIN',
    ]);
  });

  it('offers an auditor nothing: no menu, no hint, and says why', async () => {
    const { ui } = await openToken('T00001', ['auditor']);
    expect(ui.frame()).toContain('principal someone (auditor)');
    expect(ui.frame().split('\n').at(-1)).not.toContain('actions');
    await ui.press('a');
    expect(ui.frame()).not.toContain('Actions for');
    expect(ui.frame()).toContain('no action on T00001 is open to someone (auditor)');
    await ui.press(KEYS.enter);
    expect(ui.frame()).not.toContain('Actions for');
    expect(ui.frame()).toContain('Audit trail');
  });
});
