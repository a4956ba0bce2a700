// Shared plumbing for integration tests: a client and workers on the run's dev server, with the
// product's data converter, unique names per test, and the workflow bundles built once per run.
import { randomUUID } from 'node:crypto';
import { inject } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createDataConverter } from '../../worker/codec/data-converter.js';
import { installRuntime } from '../../worker/runtime.js';
import { testKeyRing } from './test-keys.js';

export const uniqueId = (prefix: string) => `${prefix}-${randomUUID().slice(0, 8)}`;

export const testDataConverter = () => createDataConverter(testKeyRing());

export async function connectClient(address = inject('temporalAddress')): Promise<Client> {
  const connection = await Connection.connect({ address });
  return new Client({ connection, dataConverter: testDataConverter() });
}

export async function createWorker(
  options: { taskQueue: string; bundle: 'product' | 'fixture'; address?: string } & Partial<WorkerOptions>,
): Promise<{ worker: Worker; connection: NativeConnection }> {
  installRuntime();
  const { bundle, address, ...rest } = options;
  const connection = await NativeConnection.connect({ address: address ?? inject('temporalAddress') });
  const codePath = inject(bundle === 'product' ? 'productBundlePath' : 'fixtureBundlePath');
  const worker = await Worker.create({
    connection,
    dataConverter: testDataConverter(),
    workflowBundle: { codePath },
    ...rest,
  });
  return { worker, connection };
}
