// The benchmark's command line: `npm run bench -- [--tokens N] [--import-tokens N]
// [--dashboard-tokens N] [--json] [--only mass,auth,radius,dashboard,footprint,import] [--profile DIR]`.
export const SECTIONS = ['mass', 'auth', 'radius', 'dashboard', 'footprint', 'import'] as const;
export type Section = (typeof SECTIONS)[number];

export interface BenchOptions {
  /** Tokens reported lost at once in the mass incident (the fleet the other sections use). */
  tokens: number;
  /** Users and tokens imported in `import`: fewer by default, so the whole run stays under ten minutes. */
  importTokens: number;
  /** Tokens the dashboard is rendered with. */
  dashboardTokens: number;
  json: boolean;
  only: Set<Section>;
  /** Where the worker process writes a CPU profile, if anywhere. */
  profileDir: string | null;
}

function positive(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new Error(`${flag} takes a positive whole number, got ${value ?? 'nothing'}`);
  return n;
}

export function parseArgs(argv: string[]): BenchOptions {
  const options: BenchOptions = {
    tokens: 1_000,
    importTokens: 200,
    dashboardTokens: 10_000,
    json: false,
    only: new Set(SECTIONS),
    profileDir: null,
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    if (flag === '--json') options.json = true;
    else if (flag === '--tokens') options.tokens = positive(flag, argv[++i]);
    else if (flag === '--import-tokens') options.importTokens = positive(flag, argv[++i]);
    else if (flag === '--dashboard-tokens') options.dashboardTokens = positive(flag, argv[++i]);
    else if (flag === '--profile') options.profileDir = argv[++i] ?? 'bench/profiles';
    else if (flag === '--only') {
      const names = (argv[++i] ?? '').split(',');
      const unknown = names.filter((name) => !(SECTIONS as readonly string[]).includes(name));
      if (unknown.length > 0) throw new Error(`--only takes ${SECTIONS.join(', ')}; not ${unknown.join(', ')}`);
      options.only = new Set(names as Section[]);
    } else
      throw new Error(
        `unknown option ${flag}; use --tokens N, --import-tokens N, --dashboard-tokens N, --json, --only ${SECTIONS.join(',')}, --profile DIR`,
      );
  }
  return options;
}
