// Where the data lives: DATA_DIR, else <repo>/data/store (the repo root is found from the working
// directory, since `pnpm --filter @spie/site run serve` runs from site/).
import { existsSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';

export function repoRoot(from = process.cwd()): string {
  let dir = resolve(from);
  for (;;) {
    if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return resolve(from);
    dir = parent;
  }
}

/** DATA_DIR (a relative path is taken from the repository root, as `prepare:data` does), default data/store. */
export function dataDir(): string {
  const fromEnv = process.env.DATA_DIR?.trim();
  if (!fromEnv) return join(repoRoot(), 'data', 'store');
  return isAbsolute(fromEnv) ? fromEnv : resolve(repoRoot(), fromEnv);
}
