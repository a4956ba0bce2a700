// Both workflow bundles, built once per run and written to files the worker process loads.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode } from '@temporalio/worker';
import { failureConverterPath, payloadConverterPath } from '../worker/codec/data-converter.js';
import { workflowsPath } from '../worker/start-worker.js';

export interface BundlePaths {
  product: string;
  bare: string;
}

const bareWorkflowsPath = fileURLToPath(new URL('./bare-workflows.ts', import.meta.url));
const quietLogger = { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error };

async function bundleTo(workflowsPath: string, file: string): Promise<string> {
  const { code } = await bundleWorkflowCode({ workflowsPath, payloadConverterPath, failureConverterPath, logger: quietLogger });
  await writeFile(file, code);
  return file;
}

export async function bundleAll(dir: string): Promise<BundlePaths> {
  const [product, bare] = await Promise.all([
    bundleTo(workflowsPath, join(dir, 'product-bundle.js')),
    bundleTo(bareWorkflowsPath, join(dir, 'bare-bundle.js')),
  ]);
  return { product, bare };
}
