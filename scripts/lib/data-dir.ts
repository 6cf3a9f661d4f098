// Where the CLI and `prepare:data` find the partner store: DATA_DIR (a relative path is taken from the
// repository root), default data/store. The site resolves it the same way (site/src/lib/paths.ts).
import { dirname, isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

export function resolveDataDir(env: NodeJS.ProcessEnv = process.env): string {
  const d = env.DATA_DIR?.trim();
  if (!d) return resolve(REPO_ROOT, 'data/store');
  return isAbsolute(d) ? d : resolve(REPO_ROOT, d);
}
