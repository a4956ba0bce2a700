import { describe, expect, it } from 'vitest';
import { measureDashboard } from './measure.js';
import { MemoryEaService } from './testing/memory-ea-service.js';
import { TEST_NOW } from './testing/render.js';
import { seedTokens } from './testing/seed.js';

describe('measureDashboard', () => {
  it('reports the first render and the keystrokes it measured (no timing claims)', async () => {
    const service = new MemoryEaService(() => TEST_NOW);
    await seedTokens(service, 40, TEST_NOW);
    const timings = await measureDashboard(service, { tokens: 40, keystrokes: 5 });
    expect(timings.keystrokes).toBe(5);
    expect(timings.firstRenderMs).toBeGreaterThan(0);
    expect(timings.perKeystrokeMs).toBeGreaterThan(0);
  });
});
