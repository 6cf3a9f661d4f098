// Builds the site once (skipped when the build is newer than every source it bundles) and starts the
// built server on a free loopback port with its own DATA_DIR, for the browser tests.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const SITE = join(ROOT, 'site');
// Tests build into their own directory: a concurrent `astro build` (e.g. `npm start`) rewrites dist/
// and would pull modules from under a running test server. Inside node_modules, so that git and the
// linter ignore it and `astro/app/node` still resolves from site/node_modules.
const OUT_DIR = join(SITE, 'node_modules', '.spie-test-build');
const ENTRY = join(OUT_DIR, 'server', 'entry.mjs');
export const siteOutDir = () => OUT_DIR;
const SOURCES = [join(SITE, 'src'), join(SITE, 'astro.config.mjs'), join(ROOT, 'packages')];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** `astro build`, unless the test build is already newer than the sources (test files share one build). */
export function buildSite(): void {
  const built = existsSync(ENTRY) ? statSync(ENTRY).mtimeMs : 0;
  if (built > Math.max(...SOURCES.map(newestMtime))) return;
  const r = spawnSync('pnpm', ['exec', 'astro', 'build', '--outDir', OUT_DIR], {
    cwd: SITE,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`astro build failed:\n${r.stdout}\n${r.stderr}`);
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => ok(port));
    });
  });
}

export interface RunningSite {
  url: string;
  dataDir: string;
  /** Server process id (reliability tests read its memory from /proc). */
  pid: number;
  output: () => string;
  stop(): Promise<void>;
}

export interface StartSiteOptions {
  dataDir: string;
  env?: Record<string, string>;
}

/** Starts the built server and waits for /api/sante to answer 200. */
export async function startSite(options: StartSiteOptions): Promise<RunningSite> {
  const port = await freePort();
  let log = '';
  const child: ChildProcess = spawn(process.execPath, [ENTRY], {
    cwd: SITE,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_DIR: options.dataDir,
      // Tiles never load in tests (nothing listens on port 9): markers must still work.
      MAP_TILE_URL: 'http://127.0.0.1:9/{z}/{x}/{y}.png',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (d) => {
    log += String(d);
  });
  child.stderr?.on('data', (d) => {
    log += String(d);
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`site exited (${child.exitCode}):\n${log}`);
    try {
      const r = await fetch(`${url}/api/sante`);
      if (r.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`site did not answer /api/sante within 60 s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    dataDir: options.dataDir,
    pid: child.pid ?? -1,
    output: () => log,
    stop: () =>
      new Promise<void>((ok) => {
        if (child.exitCode !== null) return ok();
        child.once('exit', () => ok());
        child.kill('SIGTERM');
      }),
  };
}

export function tempDataDir(prefix = 'spie-site-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
