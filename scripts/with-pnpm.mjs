#!/usr/bin/env node
// `npm start` / `npm test` entry: runs a root script through the pinned pnpm, after installing the
// dependencies. Works on a machine that only has Node and npm: when the pinned pnpm is not on the
// PATH, it is installed once with npm under .tmp/ (git-ignored) and put first on the PATH, so that
// the scripts' own nested `pnpm …` calls find it too.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const version = pkg.packageManager.split('@')[1]; // "pnpm@x.y.z"

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  console.error(`Node ${process.versions.node} est trop ancien : Node 20.19 ou plus récent est requis.`);
  process.exit(1);
}

function pnpmVersion(env) {
  try {
    return execFileSync('pnpm', ['--version'], { env, stdio: ['ignore', 'pipe', 'ignore'] })
      .toString()
      .trim();
  } catch {
    return undefined;
  }
}

let env = { ...process.env };
if (pnpmVersion(env) !== version) {
  const localDir = join(root, '.tmp', `pnpm-${version}`);
  const localBin = join(localDir, 'node_modules', '.bin');
  if (!existsSync(join(localBin, 'pnpm'))) {
    console.error(`Installation de pnpm ${version} dans ${localDir}…`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const r = spawnSync(
      npm,
      ['install', '--prefix', localDir, '--no-audit', '--no-fund', '--loglevel=error', `pnpm@${version}`],
      { stdio: 'inherit', cwd: root },
    );
    if (r.status !== 0) {
      console.error('Échec de l’installation de pnpm (accès au registre npm nécessaire).');
      process.exit(r.status ?? 1);
    }
  }
  env = { ...env, PATH: `${localBin}${delimiter}${env.PATH ?? ''}` };
}

const pnpm = (args) => {
  const r = spawnSync('pnpm', args, { stdio: 'inherit', cwd: root, env });
  if (r.error) {
    console.error(`pnpm introuvable : ${r.error.message}`);
    process.exit(1);
  }
  return r.status ?? 1;
};

// Frozen lockfile in CI (reproducible), lenient on a developer's machine.
const installed = pnpm([
  'install',
  process.env.CI ? '--frozen-lockfile' : '--frozen-lockfile=false',
  '--prefer-offline',
]);
if (installed !== 0) process.exit(installed);

// `with-pnpm.mjs script [args…]` runs one script; `with-pnpm.mjs --keep-going a b c` runs every
// script even when one fails (so that `npm test` always reports lint, types and tests), then fails
// if any failed.
const args = process.argv.slice(2);
if (args[0] !== '--keep-going') process.exit(pnpm(['run', ...args]));
const results = args.slice(1).map((script) => ({ script, status: pnpm(['run', script]) }));
console.log(`\n${results.map((r) => `${r.status === 0 ? '✓' : '✗'} ${r.script}`).join('\n')}`);
process.exit(results.some((r) => r.status !== 0) ? 1 : 0);
