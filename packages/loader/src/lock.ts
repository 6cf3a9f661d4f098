// Serialise writers: an in-process queue (one promise chain per lock path) and, across processes,
// a lock file created with O_EXCL. A lock whose owner process is gone, or that is older than
// `staleMs`, is taken over (a crashed publish must never block the partner forever).
import { randomBytes } from 'node:crypto';
import { link, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';

const queues = new Map<string, Promise<unknown>>();

export interface LockOptions {
  /** Give up after this long (default 30 s). */
  timeoutMs?: number;
  /** A lock older than this is stale even if its process seems alive (default 10 min). */
  staleMs?: number;
}

export class LockTimeoutError extends Error {}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function isStale(path: string, staleMs: number): Promise<boolean> {
  try {
    const [text, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    if (Date.now() - info.mtimeMs > staleMs) return true;
    const owner = JSON.parse(text) as { pid?: number; host?: string };
    if (owner.host === hostname() && typeof owner.pid === 'number') return !processAlive(owner.pid);
    return false;
  } catch (e) {
    // Unreadable or half-written lock: stale only once it is old enough to not be in creation.
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
    const info = await stat(path).catch(() => undefined);
    return info !== undefined && Date.now() - info.mtimeMs > 2000;
  }
}

async function acquireFile(path: string, opts: Required<LockOptions>): Promise<() => Promise<void>> {
  const deadline = Date.now() + opts.timeoutMs;
  let wait = 5;
  for (;;) {
    // Write the owner to a private file, then hard-link it to the lock path: link() fails if the
    // lock exists, and a lock file is never seen empty (a crash cannot leave an ownerless lock).
    const mine = `${path}.${process.pid}-${randomBytes(4).toString('hex')}`;
    try {
      await writeFile(
        mine,
        JSON.stringify({ pid: process.pid, host: hostname(), at: new Date().toISOString() }),
      );
      await link(mine, path);
      return () => rm(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    } finally {
      await rm(mine, { force: true });
    }
    if (await isStale(path, opts.staleMs)) {
      // Move the stale lock aside rather than deleting it: if two processes both saw it stale,
      // only one rename succeeds and the other retries against the new owner's file.
      // (A small window remains where a lock just re-created by a third process is moved; stale
      // locks only exist after a crash, so we accept it.)
      const aside = `${path}.stale-${randomBytes(4).toString('hex')}`;
      if (
        await rename(path, aside).then(
          () => true,
          () => false,
        )
      )
        await rm(aside, { force: true });
      continue;
    }
    if (Date.now() > deadline)
      throw new LockTimeoutError('une autre publication est en cours : réessayez dans quelques instants');
    await new Promise((r) => setTimeout(r, wait));
    wait = Math.min(wait * 2, 200);
  }
}

/** Run `fn` while holding the lock at `path` (in this process and across processes). */
export async function withLock<T>(path: string, fn: () => Promise<T>, options: LockOptions = {}): Promise<T> {
  const opts = { timeoutMs: options.timeoutMs ?? 30_000, staleMs: options.staleMs ?? 10 * 60_000 };
  const previous = queues.get(path) ?? Promise.resolve();
  const run = previous
    .catch(() => {})
    .then(async () => {
      const release = await acquireFile(path, opts);
      try {
        return await fn();
      } finally {
        await release();
      }
    });
  const tail = run.catch(() => {});
  queues.set(path, tail);
  tail.then(() => {
    if (queues.get(path) === tail) queues.delete(path);
  });
  return run;
}
