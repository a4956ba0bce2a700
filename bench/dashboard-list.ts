// The part of the dashboard's first render the in-memory measurement leaves out: fetching the
// token list from the real server's visibility store, as the dashboard does on every refresh.
import type { BenchEnv } from './bench-env.js';
import { log } from './log.js';

export interface TokenListFetch {
  tokens: number;
  ms: number;
}

export async function timeTokenList(bench: BenchEnv, expected: number): Promise<TokenListFetch> {
  // Visibility is eventually consistent: wait until it lists the whole fleet, then time a fetch.
  const deadline = Date.now() + 60_000;
  while ((await bench.service.listTokens()).length < expected) {
    if (Date.now() > deadline) throw new Error(`visibility never listed ${expected} tokens`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const started = performance.now();
  const items = await bench.service.listTokens();
  const ms = Math.round(performance.now() - started);
  log(`dashboard list from visibility: ${items.length} tokens in ${ms} ms`);
  return { tokens: items.length, ms };
}
