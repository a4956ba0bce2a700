// A clock for clients of a time-skipping test server: the server's skipped time, read again after
// every `env.sleep`. Requests signed against it are dated as a client living in that time would
// date them (workflows refuse a signature more than 5 minutes from their own time).
import type { TestWorkflowEnvironment } from '@temporalio/testing';

export function followSkippedTime(env: TestWorkflowEnvironment): () => number {
  let skippedMs = 0;
  const sleep = env.sleep.bind(env);
  env.sleep = async (duration) => {
    await sleep(duration);
    skippedMs = (await env.currentTimeMs()) - Date.now();
  };
  return () => Date.now() + skippedMs;
}
