// How every workflow bundle is built (worker, tests, benchmark): one set of converters, and the pure
// libraries the token workflow uses loaded once per worker thread instead of once per workflow.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, type Logger } from '@temporalio/worker';
import { failureConverterPath, payloadConverterPath } from './codec/data-converter.js';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

const domainDir = fileURLToPath(new URL('../domain/', import.meta.url));
const trustDir = fileURLToPath(new URL('../trust/', import.meta.url));

/** A folder's modules, without tests and test helpers. */
const modulesIn = (dir: string) =>
  readdirSync(dir)
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !/^test-/.test(file))
    .map((file) => join(dir, file));

/**
 * Modules the reusable V8 context evaluates once and shares between workflows. Without this every
 * cached token workflow evaluated the domain, zod, otpauth and noble-hashes again, and built its
 * payload schemas: about 2.3 MiB of workflow-thread heap each, and a module evaluation on every
 * cache miss. Only modules with no per-workflow state qualify: the domain core is pure by rule (no
 * I/O, no clock, no module state), the schemas only parse, and the libraries keep only constants,
 * caches of pure results and scratch buffers that a synchronous call uses and leaves. The SDK
 * freezes what these modules export.
 */
export const sharedModules = [
  fileURLToPath(new URL('./shared-libraries.ts', import.meta.url)),
  // Its schemas, built once per thread; it exports nothing zod could write to (see the module).
  fileURLToPath(new URL('../contract/payload-schemas.ts', import.meta.url)),
  ...modulesIn(domainDir),
  // The trust core is pure too; Ed25519 builds its precomputed tables once per thread, not per token.
  ...modulesIn(trustDir),
];

// Bundling progress is noise; warnings and errors still show.
const bundlerLogger: Logger = {
  log() {},
  trace() {},
  debug() {},
  info() {},
  warn: console.warn,
  error: console.error,
};

/** Bundles the product's workflows, or `path`'s (fixtures, the benchmark's bare engine) without sharing. */
export async function bundleWorkflows(path = workflowsPath): Promise<{ code: string }> {
  const preloadModules = path === workflowsPath ? sharedModules : [];
  return bundleWorkflowCode({
    workflowsPath: path,
    payloadConverterPath,
    failureConverterPath,
    preloadModules,
    logger: bundlerLogger,
  });
}
