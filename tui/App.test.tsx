import { afterEach, describe, expect, it, vi } from 'vitest';
import { EaError } from '../client/ea-service.js';
import { MemoryEaService } from '../client/memory-ea-service.js';
import { registeredService } from './testing/principals.js';
import { cleanup, dashboard, KEYS, renderDashboard, TEST_NOW, TEST_SIZE } from './testing/render.js';
import { seedTokens, serialOf } from './testing/seed.js';

afterEach(cleanup);

/** Tokens in a service whose registry has the dashboard's principal, `admin`. */
async function seeded(count: number) {
  const service = await registeredService();
  await seedTokens(service, count, TEST_NOW);
  return service;
}

/** The serial on the row the cursor is on. */
function selectedSerial(frame: string): string | undefined {
  return /^› (\S+)/m.exec(frame)?.[1];
}

describe('dashboard frame', () => {
  it('shows the screens, the token list, a status line and the help bar, in rows − 1 lines', async () => {
    const ui = await renderDashboard(await seeded(12));
    await vi.waitFor(() => expect(ui.frame()).toContain('12/12 tokens'));
    const lines = ui.frame().split('\n');
    expect(lines).toHaveLength(TEST_SIZE.rows - 1);
    expect(lines[0]).toContain('[1 Tokens]');
    expect(lines[0]?.trimEnd()).toMatch(/principal admin \(admin\)$/);
    expect(ui.frame()).toMatch(/SERIAL\s+USER\s+STATE\s+REASON\s+KIND\s+TIME LEFT\s+CODES/);
    expect(ui.frame()).toMatch(/T00010\s+user00004\s+emergency\s+unavailable\s+one-time\s+1d 00h\s+5/);
    expect(lines.at(-1)).toContain('/ search');
    expect(lines.at(-1)).toContain('q quit');
  });

  it('never draws more than rows − 1 lines, whatever the size', async () => {
    const service = await seeded(200);
    for (const size of [
      { columns: 40, rows: 8 },
      { columns: 80, rows: 24 },
      { columns: 160, rows: 60 },
      { columns: 30, rows: 5 },
    ]) {
      const ui = await renderDashboard(service, { size });
      await vi.waitFor(() => expect(ui.frame()).toMatch(/T00001|too small/));
      expect(ui.frame().split('\n').length).toBeLessThanOrEqual(size.rows - 1);
      for (const screen of ['2', '3', '4', '?']) {
        await ui.press(screen);
        expect(ui.frame().split('\n').length).toBeLessThanOrEqual(size.rows - 1);
      }
      ui.unmount();
    }
  });

  it('follows a resize', async () => {
    const service = await seeded(50);
    const ui = await renderDashboard(service, { size: { columns: 100, rows: 30 } });
    await vi.waitFor(() => expect(ui.frame()).toContain('50/50 tokens'));
    ui.rerender(dashboard(service, { size: { columns: 80, rows: 12 } }));
    await vi.waitFor(() => expect(ui.frame().split('\n')).toHaveLength(11));
    expect(ui.frame()).toContain('T00001');
  });
});

describe('token list', () => {
  it('moves with j/k and the arrows, and opens a token with Enter', async () => {
    const ui = await renderDashboard(await seeded(12));
    await vi.waitFor(() => expect(selectedSerial(ui.frame())).toBe('T00001'));
    await ui.press('j', 'j', KEYS.down);
    expect(selectedSerial(ui.frame())).toBe('T00004');
    await ui.press('k', KEYS.up);
    expect(selectedSerial(ui.frame())).toBe('T00002');
    await ui.press(KEYS.enter);
    await vi.waitFor(() => expect(ui.frame()).toContain('Audit trail'));
    expect(ui.frame()).toContain('T00002 user user00001 state active');
    await ui.press(KEYS.escape);
    await vi.waitFor(() => expect(selectedSerial(ui.frame())).toBe('T00002'));
  });

  it('filters by state with f', async () => {
    const ui = await renderDashboard(await seeded(30));
    await vi.waitFor(() => expect(ui.frame()).toContain('30/30 tokens'));
    await ui.press('f');
    expect(ui.frame()).toContain('Filter emergency');
    expect(ui.frame()).toContain('3/30 tokens');
    expect(ui.frame()).not.toContain('T00001 ');
  });

  it('searches serial or user with /, keeps typing out of the global keys, and Esc clears', async () => {
    const ui = await renderDashboard(await seeded(30));
    await vi.waitFor(() => expect(ui.frame()).toContain('30/30 tokens'));
    await ui.press('/', 'user0000', '4', 'q');
    expect(ui.frame()).toContain('/user00004q');
    expect(ui.frame().split('\n').at(-1)).toBe('type serial or user · Enter keep · Esc clear · ↑↓ move'); // no global keys while typing
    expect(ui.frame()).toContain('0/30 tokens');
    await ui.press(KEYS.backspace);
    expect(ui.frame()).toContain('3/30 tokens');
    expect(ui.frame()).toContain('T00010');
    await ui.press(KEYS.enter);
    expect(ui.frame()).toContain('3/30 tokens');
    await ui.press(KEYS.escape);
    expect(ui.frame()).toContain('30/30 tokens');
  });

  it('handles keys typed faster than it draws in order: `/` then `q` searches, never quits', async () => {
    const ui = await renderDashboard(await seeded(30));
    await vi.waitFor(() => expect(ui.frame()).toContain('30/30 tokens'));
    ui.write('/');
    ui.write('q');
    ui.write('j');
    await vi.waitFor(() => expect(ui.frame()).toContain('/qj▏ · 0/30 tokens'));
  });

  it('sorts by time left with s: the soonest end first', async () => {
    const ui = await renderDashboard(await seeded(30));
    await vi.waitFor(() => expect(ui.frame()).toContain('30/30 tokens'));
    await ui.press('s');
    expect(ui.frame()).toContain('Sort time left');
    expect(selectedSerial(ui.frame())).toBe('T00001'); // the cursor stays on its token
    await ui.press('g');
    expect(selectedSerial(ui.frame())).toBe('T00030');
    await ui.press('j');
    expect(selectedSerial(ui.frame())).toBe('T00020');
  });

  it('renders and scrolls 10,000 tokens, drawing only the visible rows', async () => {
    const ui = await renderDashboard(await seeded(10_000));
    await vi.waitFor(() => expect(ui.frame()).toContain('10000/10000 tokens'), { timeout: 10_000 });
    const rowCount = () =>
      ui
        .frame()
        .split('\n')
        .filter((l) => /^[› ] T\d{5}/.test(l)).length;
    // rows − 1, less the header, status line and help bar, less the toolbar and column headings.
    const visibleRows = TEST_SIZE.rows - 1 - 3 - 2;
    expect(rowCount()).toBe(visibleRows);
    await ui.press('G');
    expect(selectedSerial(ui.frame())).toBe(serialOf(10_000));
    expect(rowCount()).toBe(visibleRows);
    // A page is the visible rows less one, kept for context.
    await ui.press('g', KEYS.pageDown);
    expect(selectedSerial(ui.frame())).toBe(serialOf(1 + visibleRows - 1));
    await ui.press('/', '09999', KEYS.enter, KEYS.enter);
    await vi.waitFor(() => expect(ui.frame()).toContain(`${serialOf(9999)} user user03333 state active`));
  });
});

describe('screens and help', () => {
  it('switches screens with numbers and Tab, and shows the keys of the current one', async () => {
    const ui = await renderDashboard(await seeded(3));
    await ui.press('3');
    await vi.waitFor(() => expect(ui.frame()).toContain('[3 Outbox]'));
    await ui.press(KEYS.tab);
    expect(ui.frame()).toContain('[4 Events]');
    expect(ui.frame().split('\n').at(-1)).toContain('G/End follow newest');
    await ui.press(KEYS.tab, '2');
    expect(ui.frame()).toContain('[2 Policy]');
  });

  it('opens help with ?, listing the screen keys and the global ones, and closes it with Esc', async () => {
    const ui = await renderDashboard(await seeded(3));
    await vi.waitFor(() => expect(ui.frame()).toContain('3/3 tokens'));
    await ui.press('?');
    expect(ui.frame()).toContain('Keys (? or Esc closes)');
    expect(ui.frame()).toMatch(/f\s+filter state/);
    expect(ui.frame()).toMatch(/Tab\/1-4\s+screens/);
    await ui.press(KEYS.escape);
    expect(ui.frame()).toContain('3/3 tokens');
  });
});

describe('service failures', () => {
  it('shows the error in the status line, keeps working, and drops it once polling recovers', async () => {
    const service = await seeded(3);
    const listTokens = vi
      .spyOn(service, 'listTokens')
      .mockRejectedValueOnce(new EaError('unavailable', 'no worker answered in time'));
    const ui = await renderDashboard(service, { refreshMs: 20 });
    await vi.waitFor(() => expect(ui.frame()).toContain('✗ unavailable: no worker answered in time'));
    await vi.waitFor(() => expect(ui.frame()).toContain('3/3 tokens'));
    expect(listTokens.mock.calls.length).toBeGreaterThan(1);
    await vi.waitFor(() => expect(ui.frame()).not.toContain('✗')); // recovered: the message goes
    await ui.press('j');
    expect(selectedSerial(ui.frame())).toBe('T00002');
  });
});

describe('the principal in the header', () => {
  /** The header's right end: `principal …`. */
  const principalShown = (frame: string) => /principal .*$/m.exec(frame)?.[0].trimEnd();

  it('shows the principal with its roles from the registry', async () => {
    const service = await registeredService({ principals: { 'hd-anna': ['helpdesk', 'auditor'] } });
    const ui = await renderDashboard(service, { principal: 'hd-anna' });
    await vi.waitFor(() => expect(principalShown(ui.frame())).toBe('principal hd-anna (helpdesk,auditor)'));
  });

  it('says plainly when the principal is revoked or not registered', async () => {
    const service = await registeredService({ principals: { 'hd-anna': ['helpdesk'] }, revoked: ['hd-anna'] });
    const revoked = await renderDashboard(service, { principal: 'hd-anna' });
    await vi.waitFor(() => expect(principalShown(revoked.frame())).toBe('principal hd-anna (revoked)'));
    const unknown = await renderDashboard(service, { principal: 'mallory' });
    await vi.waitFor(() => expect(principalShown(unknown.frame())).toBe('principal mallory (unregistered)'));
    const empty = await renderDashboard(new MemoryEaService({ clock: () => TEST_NOW }));
    await vi.waitFor(() => expect(principalShown(empty.frame())).toBe('principal admin (unregistered)'));
  });

  it('shows the name alone when the registry cannot be read, and the dashboard works on', async () => {
    const service = await seeded(3);
    vi.spyOn(service, 'principals').mockRejectedValue(new EaError('unavailable', 'no worker answered in time'));
    const ui = await renderDashboard(service);
    await vi.waitFor(() => expect(ui.frame()).toContain('3/3 tokens'));
    expect(principalShown(ui.frame())).toBe('principal admin');
    expect(ui.frame()).not.toContain('✗');
    await ui.press(KEYS.enter);
    await vi.waitFor(() => expect(ui.frame()).toContain('Audit trail'));
    await ui.press('a');
    expect(ui.frame()).toContain('Actions for T00001'); // the workflows still decide
  });

  it('follows the registry: a revocation shows at the next refresh', async () => {
    const service = await registeredService({ principals: { 'hd-anna': ['helpdesk'] } });
    const ui = await renderDashboard(service, { principal: 'hd-anna', refreshMs: 20 });
    await vi.waitFor(() => expect(principalShown(ui.frame())).toBe('principal hd-anna (helpdesk)'));
    await service.revokePrincipal('hd-anna', {});
    await vi.waitFor(() => expect(principalShown(ui.frame())).toBe('principal hd-anna (revoked)'));
  });
});
