#!/usr/bin/env node
// `npx ea …`: runs the TypeScript CLI in this process through tsx, from whatever folder it is started in.
// The project's tsconfig is named explicitly (JSX for the dashboard) for this process and its children.
import { fileURLToPath } from 'node:url';

process.env.TSX_TSCONFIG_PATH ??= fileURLToPath(new URL('../tsconfig.json', import.meta.url));
const { register: registerEsm } = await import('tsx/esm/api');
const { register: registerCjs } = await import('tsx/cjs/api');
registerEsm();
// The Temporal SDK require()s the payload converter by path; that needs the CommonJS hook as well.
registerCjs();
await import(new URL('../cli/main.ts', import.meta.url).href);
