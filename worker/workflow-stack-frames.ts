// How many stack frames the workflow threads capture. The SDK's promise hook records a stack trace
// for every promise workflow code creates (for `temporal workflow stack`); measured in the
// benchmark's authentications, that was about 45 % of the workflow thread's CPU. By default the
// threads capture none; `EA_WORKFLOW_STACK_FRAMES=10` (Node's default) brings them back for
// debugging. A V8 flag, read when a context is created: set before the worker starts its threads,
// it reaches those threads and their workflow contexts and leaves this thread's 10 frames alone.
import { setFlagsFromString } from 'node:v8';

export const DEFAULT_WORKFLOW_STACK_FRAMES = 0;

export function workflowStackFrames(env: NodeJS.ProcessEnv): number {
  const value = env.EA_WORKFLOW_STACK_FRAMES;
  if (value === undefined || value === '') return DEFAULT_WORKFLOW_STACK_FRAMES;
  const frames = Number(value);
  if (!Number.isInteger(frames) || frames < 0 || frames > 200)
    throw new Error(`EA_WORKFLOW_STACK_FRAMES takes a whole number from 0 to 200, got ${JSON.stringify(value)}`);
  return frames;
}

/** Call before Worker.create: the threads it starts capture this many frames per stack. */
export function limitWorkflowStackFrames(env: NodeJS.ProcessEnv = process.env): void {
  setFlagsFromString(`--stack-trace-limit=${workflowStackFrames(env)}`);
}
