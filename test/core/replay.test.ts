// Recorded histories of the main scenarios (test/fixtures/histories/<version>, written by the timer
// suite with RECORD_HISTORIES=<version>) must replay on today's workflow code: a change that would
// break running workflows fails here. Before release 1.0 nothing runs outside tests, so a change
// re-records them (`pre-1.0`) instead of patching.
import { readdirSync, readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { inject } from 'vitest';
import { Worker } from '@temporalio/worker';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils.js';
import { installRuntime } from '../../worker/runtime.js';
import { testDataConverter } from '../support/temporal.js';

const folder = new URL('../fixtures/histories/', import.meta.url);

it('replays every recorded history without a determinism error', async () => {
  installRuntime();
  // One folder per version of the workflow code, each recorded while that version was current.
  const files = readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
  expect(files.length).toBeGreaterThanOrEqual(14); // every reason × rule × kind, and replacement
  // Recorded as `<scenario>--<workflow id>.json`: a workflow replays under its own id, which the
  // signatures in its history are bound to.
  const histories = files.map((file) => ({
    workflowId: file.replace(/^.*--/, '').replace(/\.json$/, ''),
    history: historyFromJSON(JSON.parse(readFileSync(new URL(file, folder), 'utf8'))),
  }));
  const results = Worker.runReplayHistories(
    { workflowBundle: { codePath: inject('productBundlePath') }, dataConverter: testDataConverter() },
    histories,
  );
  const failures: string[] = [];
  for await (const result of results) if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
  expect(failures).toEqual([]);
});
