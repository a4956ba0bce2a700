// Entry point of `ea` (run through tsx by bin/ea.js or `npm run ea`).
import { pinDataDir } from '../worker/data-dir.js';
import { runCli } from './run-cli.js';

// `ea audit --all | head`: a reader that stops early is not an error of ours.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

// Every command and the worker `ea start` spawns name one folder, however it was spelled.
pinDataDir(process.env);

const code = await runCli(process.argv.slice(2));
// Platform commands (server, worker, doctor) set process.exitCode themselves; only a failure here overrides it.
if (code !== 0) process.exitCode = code;
