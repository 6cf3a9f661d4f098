// Durable, atomic file replacement: write a temp file in the same directory, fsync it, rename it
// over the target (atomic on POSIX), then fsync the directory so that the rename itself survives
// a power loss. Readers see the old or the new file, never a partial one.
import { randomBytes } from 'node:crypto';
import { type FileHandle, open, readdir, rename, rm } from 'node:fs/promises';
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

/**
 * A file written incrementally to a temp file and atomically renamed into place by `commit()`;
 * `abort()` removes it. Small writes are batched into ~1 MB system calls.
 */
export class AtomicFile {
  private batch: Buffer[] = [];
  private size = 0;

  private constructor(
    private readonly path: string,
    private readonly tmp: string,
    private readonly fd: FileHandle,
  ) {}

  static async create(path: string): Promise<AtomicFile> {
    const tmp = join(
      dirname(path),
      `${basename(path)}${TMP_MARK}${process.pid}-${randomBytes(4).toString('hex')}`,
    );
    return new AtomicFile(path, tmp, await open(tmp, 'wx', 0o640));
  }

  async write(part: string | Uint8Array): Promise<void> {
    // Buffers are kept as they are (no copy); only the batch is concatenated.
    const buf =
      typeof part === 'string'
        ? Buffer.from(part, 'utf8')
        : Buffer.isBuffer(part)
          ? part
          : Buffer.from(part.buffer, part.byteOffset, part.byteLength);
    this.batch.push(buf);
    this.size += buf.length;
    if (this.size >= 1 << 20) await this.flush();
  }

  private async flush(): Promise<void> {
    if (!this.batch.length) return;
    const buf = Buffer.concat(this.batch);
    this.batch = [];
    this.size = 0;
    // write() may write fewer bytes than asked (a file-size limit or a nearly full disk returns a
    // short count, and only the next write fails): loop, or a truncated file would be committed.
    for (let offset = 0; offset < buf.length; ) {
      const { bytesWritten } = await this.fd.write(buf, offset, buf.length - offset);
      if (bytesWritten <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
      offset += bytesWritten;
    }
  }

  /** Flush, fsync, close, rename over the target, fsync the directory. */
  async commit(): Promise<void> {
    try {
      await this.flush();
      await this.fd.sync();
    } catch (e) {
      await this.abort();
      throw e;
    }
    await this.fd.close();
    await rename(this.tmp, this.path);
    await fsyncDir(dirname(this.path));
  }

  async abort(): Promise<void> {
    await this.fd.close().catch(() => {});
    await rm(this.tmp, { force: true });
  }
}

/** Write `parts` (strings or buffers, in order) atomically to `path`. */
export async function writeFileAtomic(path: string, parts: Iterable<string | Uint8Array>): Promise<void> {
  const file = await AtomicFile.create(path);
  try {
    for (const p of parts) await file.write(p);
  } catch (e) {
    await file.abort();
    throw e;
  }
  await file.commit();
}

/** Remove temp files left by a crashed writer (only call while holding the directory's lock). */
export async function removeStaleTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(names.filter((n) => n.includes(TMP_MARK)).map((n) => rm(join(dir, n), { force: true })));
}
