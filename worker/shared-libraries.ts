// The libraries the workflow bundle evaluates once per worker thread (see workflow-bundle.ts). Named
// through a module of our own because the bundler drops a bare preload of zod: its package
// declares no side effects.
export * as zod from 'zod';
