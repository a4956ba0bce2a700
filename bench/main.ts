// `npm run bench`: issue #6's measurements in one run against a fresh embedded server. Prints a
// table (or, with --json, exactly one JSON document on stdout) and writes bench/results/latest.json.
import { mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from './args.js';
import { runAuth } from './auth.js';
import { createBenchEnv } from './bench-env.js';
import { runDashboard } from './dashboard.js';
import { timeTokenList } from './dashboard-list.js';
import { fleetOf } from './fleet.js';
import { runImport } from './import.js';
import { log } from './log.js';
import { machineInfo } from './machine.js';
import { runMassIncident } from './mass-incident.js';
import { runRadius } from './radius.js';
import { formatTable, type BenchResults } from './report.js';
import { runTokenYear } from './token-year.js';
import { measureVerifyCost } from './verify-cost.js';
import { createFleetMeasuringMemory } from './worker-memory.js';

const resultsDir = fileURLToPath(new URL('./results/', import.meta.url));

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const results: BenchResults = {
    at: new Date().toISOString(),
    machine: machineInfo(),
    options: { tokens: options.tokens, importTokens: options.importTokens, dashboardTokens: options.dashboardTokens },
  };
  // Before any server runs, so the machine is quiet: what one signed request costs the workflow thread.
  if (options.only.has('auth')) results.verifyCost = measureVerifyCost();
  const needsFleet = (['mass', 'auth', 'radius', 'footprint'] as const).some((section) => options.only.has(section));
  if (needsFleet || options.only.has('import')) {
    const bench = await createBenchEnv(options.profileDir);
    try {
      // First, on the fresh server: the import creates its own users and tokens.
      if (options.only.has('import')) results.import = await runImport(bench, options.importTokens);
      const tokens = needsFleet ? fleetOf(options.tokens) : [];
      if (needsFleet) results.footprint = { workerMemory: await createFleetMeasuringMemory(bench, tokens) };
      if (options.only.has('mass')) results.massIncident = await runMassIncident(bench, tokens);
      if (options.only.has('auth')) results.auth = await runAuth(bench, tokens);
      if (options.only.has('radius')) results.radius = await runRadius(bench, tokens);
      if (options.only.has('dashboard') && needsFleet)
        results.dashboardList = await timeTokenList(bench, tokens.length);
      if (options.only.has('footprint') && results.footprint)
        results.footprint.tokenYear = await runTokenYear(bench.bundles.product, bench.env);
    } finally {
      log('stopping the worker and the dev server');
      await bench.teardown();
    }
  }
  if (options.only.has('dashboard')) results.dashboard = await runDashboard(options.dashboardTokens);
  results.seconds = Math.round((Date.now() - started) / 1000);

  await mkdir(resultsDir, { recursive: true });
  await writeFile(`${resultsDir}latest.json`, JSON.stringify(results, null, 2) + '\n');
  process.stdout.write(options.json ? JSON.stringify(results, null, 2) + '\n' : formatTable(results));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${(error as Error).stack ?? String(error)}\n`);
  process.exitCode = 1;
});
