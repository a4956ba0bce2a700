import { describe, expect, it } from 'vitest';
import { measureDashboard } from './dashboard-measure.js';
import { MemoryEaService } from '../client/memory-ea-service.js';
import { TEST_NOW } from '../tui/testing/render.js';
import { seedTokens } from '../tui/testing/seed.js';

describe('measureDashboard', () => {
  it('reports the first render and the keystrokes it measured (no timing claims)', async () => {
    const service = new MemoryEaService({ clock: () => TEST_NOW });
    await seedTokens(service, 40, TEST_NOW);
    const timings = await measureDashboard(service, { tokens: 40, keystrokes: 5 });
    expect(timings.keystrokes).toBe(5);
    expect(timings.firstRenderMs).toBeGreaterThan(0);
    expect(timings.perKeystrokeMs).toBeGreaterThan(0);
  });
});
