import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryEaService } from '../../client/memory-ea-service.js';
import { cleanup, renderDashboard, TEST_NOW } from '../testing/render.js';
import { seedTokens } from '../testing/seed.js';

afterEach(cleanup);

describe('outbox screen', () => {
  it('lists sent messages, newest first, and picks up new ones', async () => {
    let now = TEST_NOW;
    const service = new MemoryEaService({ clock: () => now });
    await seedTokens(service, 6, TEST_NOW);
    await service.lost('T00001', { reason: 'permanently-lost', delivery: 'email' }, {});
    const ui = await renderDashboard(service, { refreshMs: 20 });
    await ui.press('3');
    // Each loss also tells the user by SMS (their on-demand channel) that EA started and that the
    // token may be replaced: three messages.
    await vi.waitFor(() => expect(ui.frame()).toContain('3 messages'));
    expect(ui.frame()).toMatch(
      /2026-03-01 12:00Z\s+email\s+user00001@example.com\s+Your emergency codes for token T00001/,
    );
    now += 60_000; // a minute later, so the new messages are told apart by their time
    await service.lost('T00004', { reason: 'permanently-lost', delivery: 'sms' }, {});
    await vi.waitFor(() => expect(ui.frame()).toContain('6 messages'));
    // An SMS is listed under the outbox's subject for text messages.
    expect(ui.frame()).toMatch(/2026-03-01 12:01Z\s+sms\s+\+4915112345678\s+Text message/);
  });
});
