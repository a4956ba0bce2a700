// What the dashboard process reports back.
import type { DashboardTimings } from './dashboard-measure.js';
import type { Latency } from './stats.js';

export interface DashboardReport {
  tokens: number;
  seedMs: number;
  scroll: DashboardTimings;
  search: Latency;
  /** After the in-memory list was filled, before the dashboard was mounted. */
  rssAfterSeedMiB: number;
  peakRssMiB: number;
}
