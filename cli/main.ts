// Entry point of `ea` (run through tsx by bin/ea.js or `npm run ea`).
import { runCli } from './run-cli.js';

const code = await runCli(process.argv.slice(2));
// Platform commands (server, worker, doctor) set process.exitCode themselves; only a failure here overrides it.
if (code !== 0) process.exitCode = code;
