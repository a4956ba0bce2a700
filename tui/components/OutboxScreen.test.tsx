import { afterEach, describe, expect, it, vi } from 'vitest';
import { MemoryEaService } from '../testing/memory-ea-service.js';
import { cleanup, renderDashboard, TEST_NOW } from '../testing/render.js';
import { seedTokens } from '../testing/seed.js';

afterEach(cleanup);

describe('outbox screen', () => {
  it('lists sent messages, newest first, and picks up new ones', async () => {
    const service = new MemoryEaService(() => TEST_NOW);
    await seedTokens(service, 6, TEST_NOW);
    await service.lost('T00001', { reason: 'permanently-lost', delivery: 'email' }, { actor: 'helpdesk' });
    const ui = await renderDashboard(service, { refreshMs: 20 });
    await ui.press('3');
    await vi.waitFor(() => expect(ui.frame()).toContain('1 messages'));
    expect(ui.frame()).toMatch(/2026-03-01 12:00Z\s+email\s+user00001@example.com\s+Your emergency access codes for T00001/);
    await service.lost('T00004', { reason: 'permanently-lost', delivery: 'sms' }, { actor: 'helpdesk' });
    await vi.waitFor(() => expect(ui.frame()).toContain('2 messages'));
    expect(ui.frame()).toMatch(/sms\s+\+4915112345678\s+Your emergency access codes for T00004/);
  });
});
