import { Worker as Thread } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { limitWorkflowStackFrames, workflowStackFrames } from './workflow-stack-frames.js';

const threadLimits = () =>
  new Promise<unknown>((resolve, reject) => {
    const code = `const { parentPort } = require('node:worker_threads');
      parentPort.postMessage([Error.stackTraceLimit, require('node:vm').runInNewContext('Error.stackTraceLimit')]);`;
    const thread = new Thread(code, { eval: true });
    thread.once('message', resolve);
    thread.once('error', reject);
  });

describe('workflow stack frames', () => {
  it('defaults to none and reads EA_WORKFLOW_STACK_FRAMES', () => {
    expect(workflowStackFrames({})).toBe(0);
    expect(workflowStackFrames({ EA_WORKFLOW_STACK_FRAMES: '10' })).toBe(10);
  });

  it.each(['-1', '1.5', 'ten', '201'])('refuses %s with the variable named', (value) => {
    expect(() => workflowStackFrames({ EA_WORKFLOW_STACK_FRAMES: value })).toThrow(/EA_WORKFLOW_STACK_FRAMES/);
  });

  it('reaches threads started afterwards and their contexts, not this thread', async () => {
    const own = Error.stackTraceLimit;
    try {
      limitWorkflowStackFrames({ EA_WORKFLOW_STACK_FRAMES: '3' });
      expect(await threadLimits()).toEqual([3, 3]);
      expect(Error.stackTraceLimit).toBe(own);
    } finally {
      limitWorkflowStackFrames({ EA_WORKFLOW_STACK_FRAMES: String(own) });
    }
  });
});
