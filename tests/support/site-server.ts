// Builds the site once per state of its sources and starts the
// built server on a free loopback port with its own DATA_DIR, for the browser tests.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
const SITE = join(ROOT, 'site');
/** What the build bundles: a change in any of them means a new build. */
const SOURCES = [
  join(SITE, 'src'),
  join(SITE, 'public'),
  join(SITE, 'astro.config.mjs'),
  join(ROOT, 'packages'),
  join(ROOT, 'data', 'reference'),
];
// Tests build into their own directories, one per state of the sources: a concurrent build (`npm
// start`, another test run) never rewrites the files under a running test server. Each build goes to
// a temporary directory renamed into place when complete (the first finisher wins). Inside
// node_modules, so that git and the linter ignore it and `astro/app/node` resolves from site/.
const BUILDS = join(SITE, 'node_modules', '.spie-test-builds');
let lastBuild: string | undefined;

function sourceStamp(): string {
  let newest = 0;
  let files = 0;
  const walk = (path: string) => {
    if (!existsSync(path)) return;
    const stat = statSync(path);
    if (!stat.isDirectory()) {
      newest = Math.max(newest, stat.mtimeMs);
      files++;
      return;
    }
    for (const entry of readdirSync(path)) {
      if (entry === 'node_modules' || entry.startsWith('.')) continue;
      walk(join(path, entry));
    }
  };
  for (const source of SOURCES) walk(source);
  return createHash('sha256').update(`${newest}:${files}`).digest('hex').slice(0, 16);
}

/** `astro build` once per state of the sources; returns the build directory. */
export async function buildSite(): Promise<string> {
  const dir = join(BUILDS, sourceStamp());
  if (!existsSync(join(dir, 'server', 'entry.mjs'))) {
    mkdirSync(BUILDS, { recursive: true });
    const tmp = `${dir}.tmp-${process.pid}-${Date.now()}`;
    // Asynchronous: a synchronous child would block the test worker's event loop for the whole build.
    await new Promise<string>((ok, fail) => {
      let log = '';
      const child = spawn('pnpm', ['exec', 'astro', 'build', '--outDir', tmp], { cwd: SITE });
      child.stdout.on('data', (d) => {
        log += String(d);
      });
      child.stderr.on('data', (d) => {
        log += String(d);
      });
      child.once('error', fail);
      child.once('exit', (code) =>
        code === 0 ? ok(log) : fail(new Error(`astro build failed (${code}):\n${log}`)),
      );
    });
    try {
      renameSync(tmp, dir);
    } catch (error) {
      if (!existsSync(join(dir, 'server', 'entry.mjs'))) throw error;
      rmSync(tmp, { recursive: true, force: true }); // another process finished first
    }
  }
  lastBuild = dir;
  return dir;
}

/** The build the next startSite() runs (built on demand). */
export const siteOutDir = async () => lastBuild ?? buildSite();

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
  /** Files of the server process may not grow past this (`ulimit -f`): larger writes fail with EFBIG, as on a full disk. */
  fileLimitKb?: number;
  /** How long to wait for /api/sante (default 60 s; a benchmark's slowest start may need more). */
  readyTimeoutMs?: number;
}

/** Starts the built server and waits for /api/sante to answer 200. */
export async function startSite(options: StartSiteOptions): Promise<RunningSite> {
  const port = await freePort();
  let log = '';
  const entry = join(await siteOutDir(), 'server', 'entry.mjs');
  const [command, args] =
    options.fileLimitKb === undefined
      ? [process.execPath, [entry]]
      : ['bash', ['-c', `ulimit -f ${options.fileLimitKb} && exec "${process.execPath}" "${entry}"`]];
  const child: ChildProcess = spawn(command, args, {
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
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
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
      throw new Error(
        `site did not answer /api/sante within ${(options.readyTimeoutMs ?? 60_000) / 1000} s:\n${log}`,
      );
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
