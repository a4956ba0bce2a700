// The dashboard measured in a process of its own, so its peak memory is its own: N tokens in the
// in-memory service (the list the dashboard would get from visibility), then first render,
// scrolling and search keys, with the process settings `ea dashboard` runs with.
import '../tui/dashboard-process-env.js';
import { performance } from 'node:perf_hooks';
import { measureDashboard } from './dashboard-measure.js';
import { MemoryEaService } from '../client/memory-ea-service.js';
import { TEST_NOW } from '../tui/testing/render.js';
import { seedTokens } from '../tui/testing/seed.js';
import { measureSearchKeys } from './dashboard-search.js';
import type { DashboardReport } from './dashboard-protocol.js';

const MiB = 2 ** 20;
const round = (x: number) => Math.round(x * 10) / 10;

async function main(): Promise<void> {
  const tokens = Number(process.argv[2]);
  const service = new MemoryEaService({ clock: () => TEST_NOW });
  const seeding = performance.now();
  await seedTokens(service, tokens, TEST_NOW);
  const seedMs = performance.now() - seeding;
  const rssAfterSeed = process.memoryUsage().rss;
  const scroll = await measureDashboard(service, { tokens, keystrokes: 50 });
  const search = await measureSearchKeys(service, tokens);
  const report: DashboardReport = {
    tokens,
    seedMs: Math.round(seedMs),
    scroll: { ...scroll, firstRenderMs: round(scroll.firstRenderMs), perKeystrokeMs: round(scroll.perKeystrokeMs) },
    search,
    rssAfterSeedMiB: round(rssAfterSeed / MiB),
    peakRssMiB: round((process.resourceUsage().maxRSS * 1024) / MiB),
  };
  process.send!(report, () => process.exit(0));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
