// Started once per test run and shared by every test file: one real dev server (for visibility,
// durability and the product's own workflows) and the workflow bundles, built once.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { existingPath } from '../../worker/binaries.js';
import { installRuntime } from '../../worker/runtime.js';
import { prepareNamespace } from '../../worker/prepare-namespace.js';
import { bundleWorkflows } from '../../worker/workflow-bundle.js';
import { register } from 'tsx/cjs/api';

declare module 'vitest' {
  export interface ProvidedContext {
    temporalAddress: string;
    productBundlePath: string;
    fixtureBundlePath: string;
    scratchDir: string;
  }
}

async function bundle(outFile: string, workflowsPath?: string): Promise<string> {
  const { code } = await bundleWorkflows(workflowsPath);
  writeFileSync(outFile, code);
  return outFile;
}

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
    bundle(join(scratchDir, 'product-bundle.js')),
    bundle(join(scratchDir, 'fixture-bundle.js'), new URL('test/support/fixture-workflows.ts', root).pathname),
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
