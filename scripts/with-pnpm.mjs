#!/usr/bin/env node
// Runs a root script through the pinned pnpm, installing pnpm and dependencies first.
// Works on a machine that only has Node and npm.
import { execSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
const pinned = JSON.parse(readFileSync(`${root}package.json`, 'utf8')).packageManager; // "pnpm@x.y.z"
const version = pinned.split('@')[1];

function hasPnpm() {
  try {
    return (
      execSync('pnpm --version', { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim() === version
    );
  } catch {
    return false;
  }
}
const pnpm = hasPnpm() ? ['pnpm'] : ['npx', '--yes', `pnpm@${version}`];
const run = (args) => {
  const r = spawnSync(pnpm[0], [...pnpm.slice(1), ...args], { stdio: 'inherit', cwd: root });
  if (r.status !== 0) process.exit(r.status ?? 1);
};
run(['install', '--frozen-lockfile=false', '--prefer-offline']);
run(['run', ...process.argv.slice(2)]);
