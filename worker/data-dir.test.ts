import { mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { dataDirPath, pinDataDir } from './data-dir.js';

const startedIn = process.cwd();
afterEach(() => process.chdir(startedIn));

it('resolves a relative EA_DATA_DIR once: a later change of directory names the same folder', () => {
  const home = realpathSync(mkdtempSync(join(tmpdir(), 'ea-cwd-')));
  process.chdir(home);
  const env: NodeJS.ProcessEnv = { EA_DATA_DIR: 'here' };
  expect(pinDataDir(env)).toBe(join(home, 'here'));
  expect(env.EA_DATA_DIR).toBe(join(home, 'here'));
  process.chdir(tmpdir());
  expect(dataDirPath(env)).toBe(join(home, 'here'));
  expect(pinDataDir({})).toBe(join(tmpdir(), 'data'));
});
