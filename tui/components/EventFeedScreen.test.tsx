import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryEaService } from '../../client/memory-ea-service.js';
import { cleanup, KEYS, renderDashboard, TEST_NOW } from '../testing/render.js';
import { seedTokens } from '../testing/seed.js';

afterEach(cleanup);

describe('live event feed', () => {
  it('shows every token’s events as they happen, following the newest', async () => {
    // The feed polls for records after the newest it has: a new one comes a second later.
    let now = TEST_NOW;
    const service = new MemoryEaService({ clock: () => now });
    await seedTokens(service, 3, TEST_NOW);
    const ui = await renderDashboard(service, { refreshMs: 20 });
    await ui.press('4');
    await vi.waitFor(() => expect(ui.frame()).toContain('6 shown'));
    expect(ui.frame()).toMatch(/T00003\s+token-assigned\s+ok\s+admin \(operator\)/);
    now += 1000;
    await service.action('T00002', 'disable', {});
    await vi.waitFor(() => expect(ui.frame()).toMatch(/T00002\s+disabled\s+ok\s+admin \(operator\)/));
    expect(ui.frame()).toContain('following newest');
  });

  it('stays put when scrolled up, and follows again with G', async () => {
    const service = new MemoryEaService({ clock: () => TEST_NOW });
    await seedTokens(service, 60, TEST_NOW);
    const ui = await renderDashboard(service, { refreshMs: 20 });
    await ui.press('4');
    // 60 assignments and attachments; 6 losses, each with its emergency-started notice delivered.
    await vi.waitFor(() => expect(ui.frame()).toContain('132 shown'));
    await ui.press(KEYS.up);
    expect(ui.frame()).toContain('paused');
    await ui.press('G');
    expect(ui.frame()).toContain('following newest');
  });

  it('shows control characters in free text as visible escapes, never sends them to the terminal', async () => {
    const service = new MemoryEaService({ clock: () => TEST_NOW });
    await seedTokens(service, 1, TEST_NOW);
    const [record] = await service.auditFeed();
    // What a hostile field name or name makes of a record: a title change, a screen wipe, a bell.
    service.auditFeed = async () => [{ ...record!, reason: '\u001b]0;o\u0007\u001b[2J\u009b' }];
    const ui = await renderDashboard(service, { refreshMs: 20 });
    await ui.press('4');
    await vi.waitFor(() => expect(ui.frame()).toContain('token-assigned'));
    expect(ui.rawFrame()).not.toMatch(/\u001b\]|\u001b\[2J|\u0007|\u009b/);
    expect(ui.frame()).toContain('\\x1b]0;o\\x07');
  });
});
