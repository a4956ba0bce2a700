// Started once per test run and shared by every test file: one real dev server (for visibility,
// durability and the product's own workflows) and the workflow bundles, built once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { bundleWorkflowCode } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { existingPath } from '../../worker/binaries.js';
import { installRuntime } from '../../worker/runtime.js';
import { prepareNamespace } from '../../worker/prepare-namespace.js';
import { payloadConverterPath, failureConverterPath } from '../../worker/codec/data-converter.js';
import { register } from 'tsx/cjs/api';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    productBundlePath: string;
    fixtureBundlePath: string;
    scratchDir: string;
  }
}

async function bundle(workflowsPath: string, outFile: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath, payloadConverterPath, failureConverterPath, logger: quietLogger });
  writeFileSync(outFile, code);
  return outFile;
}

const quietLogger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error };

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  register();
  installRuntime();
  const scratchDir = mkdtempSync(join(tmpdir(), 'ea-test-'));
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: existingPath('temporal'),
      ip: '127.0.0.1',
      // Continue-as-new is suggested after 200 events instead of 4K, so ordinary tests cross runs.
      extraArgs: ['--log-level', 'error', '--dynamic-config-value', 'limit.historyCount.suggestContinueAsNew=200'],
    },
  });
  await prepareNamespace(env.connection, env.namespace ?? 'default');
  const root = new URL('../../', import.meta.url);
  const [productBundlePath, fixtureBundlePath] = await Promise.all([
    bundle(new URL('workflows/index.ts', root).pathname, join(scratchDir, 'product-bundle.js')),
    bundle(new URL('test/support/fixture-workflows.ts', root).pathname, join(scratchDir, 'fixture-bundle.js')),
  ]);
  project.provide('temporalAddress', env.address);
  project.provide('productBundlePath', productBundlePath);
  project.provide('fixtureBundlePath', fixtureBundlePath);
  project.provide('scratchDir', scratchDir);
  return async () => {
    await env.teardown();
    rmSync(scratchDir, { recursive: true, force: true });
  };
}
