// Durable, atomic file replacement: write a temp file in the same directory, fsync it, rename it
// over the target (atomic on POSIX), then fsync the directory so that the rename itself survives
// a power loss. Readers see the old or the new file, never a partial one.
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TMP_MARK = '.tmp-';

export async function fsyncDir(dir: string): Promise<void> {
  const fd = await open(dir, 'r');
  try {
    await fd.sync();
  } finally {
    await fd.close();
  }
}

/** Write `parts` (strings or buffers, written in order without joining them) atomically to `path`. */
export async function writeFileAtomic(path: string, parts: Iterable<string | Uint8Array>): Promise<void> {
  const dir = dirname(path);
  const tmp = join(dir, `${basename(path)}${TMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`);
  const fd = await open(tmp, 'wx', 0o640);
  try {
    // Batch small parts into ~1 MB writes: one syscall per offer would dominate the publish time.
    let batch: (string | Uint8Array)[] = [];
    let size = 0;
    const flush = async () => {
      if (!batch.length) return;
      const buf = Buffer.concat(batch.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : p)));
      // write() may write fewer bytes than asked (a file-size limit or a nearly full disk returns a
      // short count, and only the next write fails): loop, or a truncated file would be committed.
      for (let offset = 0; offset < buf.length; ) {
        const { bytesWritten } = await fd.write(buf, offset, buf.length - offset);
        if (bytesWritten <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
        offset += bytesWritten;
      }
      batch = [];
      size = 0;
    };
    for (const p of parts) {
      batch.push(p);
      size += p.length;
      if (size >= 1 << 20) await flush();
    }
    await flush();
    await fd.sync();
  } catch (e) {
    await fd.close().catch(() => {});
    await rm(tmp, { force: true });
    throw e;
  }
  await fd.close();
  await rename(tmp, path);
  await fsyncDir(dir);
}

/** Remove temp files left by a crashed writer (only call while holding the directory's lock). */
export async function removeStaleTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.includes(TMP_MARK)).map((n) => rm(join(dir, n), { force: true })));
}
