// The results document (bench/results/latest.json) and the table printed for people.
import type { AuthResultFigures } from './auth.js';
import type { TokenListFetch } from './dashboard-list.js';
import type { DashboardReport } from './dashboard-protocol.js';
import type { ImportResult } from './import.js';
import type { CpuMs } from './cpu-time.js';
import type { MachineInfo } from './machine.js';
import type { MassIncidentResult } from './mass-incident.js';
import type { RadiusFigures } from './radius.js';
import type { TokenYear } from './token-year.js';
import type { VerifyCost } from './verify-cost.js';
import type { WorkerMemory } from './worker-memory.js';

export interface BenchResults {
  at: string;
  machine: MachineInfo;
  options: { tokens: number; importTokens: number; dashboardTokens: number };
  massIncident?: MassIncidentResult;
  auth?: AuthResultFigures;
  verifyCost?: VerifyCost;
  radius?: RadiusFigures;
  dashboard?: DashboardReport;
  dashboardList?: TokenListFetch;
  footprint?: { workerMemory?: WorkerMemory; tokenYear?: TokenYear };
  import?: ImportResult;
  seconds?: number;
}

type Row = [string, string, string];

function rows(r: BenchResults): Row[] {
  const out: Row[] = [];
  const m = r.massIncident;
  if (m) {
    out.push(
      [
        `mass incident, ${m.ours.tokens} tokens`,
        `${m.ours.perSecond}/s (${m.ours.seconds} s)`,
        `bare ${m.bare.perSecond}/s (${m.bare.seconds} s)`,
      ],
      [
        '  signal → codes delivered p50 / p99',
        `${m.ours.latency.p50Ms} / ${m.ours.latency.p99Ms} ms`,
        `bare ${m.bare.latency.p50Ms} / ${m.bare.latency.p99Ms} ms`,
      ],
      ['  massIncident.ratio (target ≥ 0.8)', String(m.ratio), `${m.ours.messageBytes} B per message`],
    );
    const [ours, bare] = [m.ours.cpuMsPerToken, m.bare.cpuMsPerToken];
    const cpu = (c: CpuMs) => `server ${c.server}, worker ${c.worker}, bench ${c.bench}`;
    if (ours && bare) out.push(['  CPU ms per token', cpu(ours), `bare ${cpu(bare)}`]);
  }
  const a = r.auth;
  if (a) {
    out.push([
      'authentication p50 / p99',
      `${a.ours.p50Ms} / ${a.ours.p99Ms} ms`,
      `bare echo ${a.bare.p50Ms} / ${a.bare.p99Ms} ms`,
    ]);
    for (const [kind, l] of Object.entries(a.byKind)) out.push([`  ${kind}`, `${l.p50Ms} / ${l.p99Ms} ms`, `n=${l.n}`]);
    out.push([
      '  the user look-up alone',
      `${a.userLookup.p50Ms} / ${a.userLookup.p99Ms} ms`,
      'consistent read of the serials (memo)',
    ]);
    out.push([
      '  first call for a user (no hint)',
      `${a.firstCall.p50Ms} / ${a.firstCall.p99Ms} ms`,
      `the read, then the update; n=${a.firstCall.n}`,
    ]);
    out.push(['  auth.p99Ratio (target ≤ 1.5)', String(a.p99Ratio), `p50 ratio ${a.p50Ratio}`]);
    out.push([
      'authentication naming the token',
      `${a.bySerial.ours.p50Ms} / ${a.bySerial.ours.p99Ms} ms`,
      `bare echo ${a.bySerial.bare.p50Ms} / ${a.bySerial.bare.p99Ms} ms; one update, n=${a.bySerial.ours.n}`,
    ]);
    out.push(['  auth.bySerial.p99Ratio', String(a.bySerial.p99Ratio), `p50 ratio ${a.bySerial.p50Ratio}`]);
  }
  const v = r.verifyCost;
  if (v) {
    out.push([
      'signed request check (workflow thread)',
      `${v.authorizeMicros} µs authorize, ${v.verifyMicros} µs signature`,
      `noble verify ${v.nobleVerifyMicros} µs`,
    ]);
  }
  const g = r.radius;
  if (g) {
    out.push(
      [
        'RADIUS Access-Request → Accept p50 / p99',
        `${g.ours.p50Ms} / ${g.ours.p99Ms} ms`,
        `bare echo ${g.bare.p50Ms} / ${g.bare.p99Ms} ms; n=${g.ours.n}`,
      ],
      [
        '  first request per user',
        `${g.firstLogin.p50Ms} / ${g.firstLogin.p99Ms} ms`,
        "before the timed ones: the user's serials read; after the gateway's registration, the registry",
      ],
      ['  radius.p99Ratio (target ≤ 2.0)', String(g.p99Ratio), `p50 ratio ${g.p50Ratio}`],
      [
        `  ${g.throughput.parallelClients} clients in parallel`,
        `${g.throughput.perSecond} Access-Accepts/s`,
        `${g.throughput.requests} in ${g.throughput.seconds} s`,
      ],
    );
  }
  const d = r.dashboard;
  if (d) {
    out.push(
      [`dashboard, ${d.tokens} tokens: first render`, `${d.scroll.firstRenderMs} ms`, 'target < 1000 ms'],
      ['  keystroke: scroll (mean)', `${d.scroll.perKeystrokeMs} ms`, 'target < 100 ms'],
      ['  keystroke: search, filter p50 / p99', `${d.search.p50Ms} / ${d.search.p99Ms} ms`, 'target < 100 ms'],
      ['  peak memory', `${d.peakRssMiB} MiB`, `${d.rssAfterSeedMiB} MiB with the list alone`],
    );
  }
  if (r.dashboardList)
    out.push([`  list from visibility, ${r.dashboardList.tokens} tokens`, `${r.dashboardList.ms} ms`, 'real server']);
  const i = r.import;
  if (i)
    out.push(
      [
        `import, ${i.tokens.rows} tokens`,
        `${i.tokens.perSecond}/s (${i.tokens.seconds} s)`,
        `bare start + update ${i.bare.perSecond}/s; ${i.concurrency} in flight`,
      ],
      ['  import.ratio (target ≥ 0.8)', String(i.ratio), `users ${i.users.perSecond}/s`],
      ['  the same file again (resume)', `${i.rerun.perSecond}/s`, 'every row unchanged'],
    );
  const [importCpu, bareCpu] = [i?.tokens.cpuMsPerRow, i?.bare.cpuMsPerRow];
  if (importCpu && bareCpu)
    out.push([
      '  CPU ms per token',
      `server ${importCpu.server}, worker ${importCpu.worker}, bench ${importCpu.bench}`,
      `bare server ${bareCpu.server}, worker ${bareCpu.worker}, bench ${bareCpu.bench}`,
    ]);
  const w = r.footprint?.workerMemory;
  if (w)
    out.push([
      'worker memory per 1,000 cached tokens',
      `${w.rssMiBPer1000Tokens} MiB rss`,
      `${w.heapMiBPer1000Tokens} MiB heap; idle ${w.idleRssMiB} MiB`,
    ]);
  const y = r.footprint?.tokenYear;
  if (y)
    out.push([
      'history per token-year',
      `${y.events} events, ${Math.round(y.historyBytes / 1024)} KiB`,
      `${y.runs} run(s), ${y.continuedAsNew} continue-as-new`,
    ]);
  return out;
}

export function formatTable(r: BenchResults): string {
  const body = rows(r);
  const widths = [0, 1, 2].map((i) => Math.max(...body.map((row) => row[i]!.length)));
  const line = (row: Row) =>
    row
      .map((cell, i) => cell.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  const m = r.machine;
  const header = `${m.cpus} × ${m.cpuModel}, ${m.memoryGiB} GiB, node ${m.node}, ${m.temporalCli.split('\n')[0]}`;
  return [
    header,
    '',
    ...body.map(line),
    '',
    `${r.seconds ?? '?'} s in all; written to bench/results/latest.json`,
    '',
  ].join('\n');
}
