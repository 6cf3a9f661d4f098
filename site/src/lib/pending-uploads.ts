// Validated partner files waiting for the partner's « Publier » click. They are kept on disk, not in
// the session: a 10 MB file per signed-in partner held in memory let a few logins take gigabytes
// (issue 14). One pending file per partner (a new upload replaces the previous one), a cap on the
// total bytes waiting, and the meta data (name, offer count, sha256) in memory. Files are under
// DATA_DIR/pending/, mode 600, written then renamed; leftovers of a previous process are removed on
// start (sessions are in memory and do not survive a restart either).
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PublishMode } from '@spie/loader';

export interface PendingUpload {
  partner: string;
  fileName: string;
  offerCount: number;
  bytes: number;
  sha256: string;
  storedAt: number;
  /** The mode the partner chose when the file was checked (the diff shown was computed with it). */
  mode: PublishMode;
}

/** Thrown by `put` when accepting the file would pass the total cap. */
export class PendingFullError extends Error {
  constructor(readonly maxBytes: number) {
    super(`pending uploads would exceed ${maxBytes} bytes`);
  }
}

/** Default cap on the bytes of every pending file together (`SPIE_MAX_PENDING_BYTES`). */
export const DEFAULT_MAX_PENDING_BYTES = 200 * 1024 * 1024;

export class PendingUploads {
  private readonly meta = new Map<string, PendingUpload>();
  private total = 0;

  constructor(
    private readonly dir: string,
    readonly maxBytes = DEFAULT_MAX_PENDING_BYTES,
  ) {
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  private path(partner: string): string {
    // Partner ids are checked by the registry before a session exists; hash anyway: never a path from input.
    return join(this.dir, `${createHash('sha256').update(partner).digest('hex').slice(0, 32)}.csv`);
  }

  get(partner: string): PendingUpload | undefined {
    return this.meta.get(partner);
  }

  /** Keeps `content` as the partner's pending file, replacing the previous one. */
  async put(
    partner: string,
    fileName: string,
    content: Uint8Array,
    offerCount: number,
    mode: PublishMode,
  ): Promise<PendingUpload> {
    await this.drop(partner);
    if (this.total + content.byteLength > this.maxBytes) throw new PendingFullError(this.maxBytes);
    this.total += content.byteLength; // reserved before the write: concurrent puts see it
    const upload: PendingUpload = {
      partner,
      fileName,
      offerCount,
      bytes: content.byteLength,
      sha256: createHash('sha256').update(content).digest('hex'),
      storedAt: Date.now(),
      mode,
    };
    const path = this.path(partner);
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, content, { mode: 0o600 });
      await rename(tmp, path);
    } catch (error) {
      this.total -= content.byteLength;
      await rm(tmp, { force: true });
      throw error;
    }
    this.meta.set(partner, upload);
    return upload;
  }

  /** The pending file's bytes, removed from the pending set; undefined when none (or it changed on disk). */
  async take(partner: string): Promise<{ upload: PendingUpload; content: Uint8Array } | undefined> {
    const upload = this.meta.get(partner);
    if (!upload) return undefined;
    const content = await readFile(this.path(partner)).catch(() => undefined);
    await this.drop(partner);
    if (!content || createHash('sha256').update(content).digest('hex') !== upload.sha256) return undefined;
    return { upload, content };
  }

  async drop(partner: string): Promise<void> {
    const upload = this.meta.get(partner);
    if (!upload) return;
    this.meta.delete(partner);
    this.total -= upload.bytes;
    await rm(this.path(partner), { force: true });
  }

  /** Files now on disk (tests). */
  files(): string[] {
    return readdirSync(this.dir);
  }
}
