// Both workflow bundles, built once per run and written to files the worker process loads.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflows } from '../worker/workflow-bundle.js';

export interface BundlePaths {
  product: string;
  bare: string;
}

const bareWorkflowsPath = fileURLToPath(new URL('./bare-workflows.ts', import.meta.url));

async function bundleTo(file: string, workflowsPath?: string): Promise<string> {
  const { code } = await bundleWorkflows(workflowsPath);
  await writeFile(file, code);
  return file;
}

export async function bundleAll(dir: string): Promise<BundlePaths> {
  const [product, bare] = await Promise.all([
    bundleTo(join(dir, 'product-bundle.js')),
    bundleTo(join(dir, 'bare-bundle.js'), bareWorkflowsPath),
  ]);
  return { product, bare };
}
