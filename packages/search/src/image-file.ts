// A catalogue image on disk, with what it was built from (`meta`, e.g. each partner's store version).
// Written to a temporary file, fsynced, then renamed over the previous one: a reader sees a whole file
// or the previous one. A file that is short, altered or of another format is refused (the caller then
// rebuilds from the store): its CRC-32 covers everything after the fixed prefix.
import { closeSync, fstatSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { crc32 } from 'node:zlib';
import { CatalogueImage, ImageFormatError } from './catalogue-image.ts';

const MAGIC = 'SPIECAT1';
/** magic (8) + CRC-32 of the rest (4) + meta length (4) */
const PREFIX = 16;
const align8 = (n: number) => (n + 7) & ~7;

export async function writeImageFile(path: string, image: CatalogueImage, meta: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const json = Buffer.from(JSON.stringify(meta));
  const head = Buffer.alloc(align8(PREFIX + json.length));
  json.copy(head, PREFIX);
  const body = new Uint8Array(image.buffer);
  const crc = crc32(body, crc32(head.subarray(PREFIX)));
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(crc, 8);
  head.writeUInt32LE(json.length, 12);
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w', 0o600);
  try {
    writeAll(fd, head);
    writeAll(fd, body);
    fsyncSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
  closeSync(fd);
  renameSync(tmp, path);
}

function writeAll(fd: number, bytes: Uint8Array): void {
  // at most 1 GiB per call: `write` takes at most 2 GiB
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, Math.min(bytes.length - at, 1 << 30));
}

/**
 * Reads an image file into shared memory. Undefined when there is none; throws `ImageFormatError`
 * when it is not a whole, intact image of this format.
 */
export function readImageFile(path: string): { image: CatalogueImage; meta: unknown } | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(PREFIX);
    if (
      size < PREFIX ||
      readSync(fd, head, 0, PREFIX, 0) !== PREFIX ||
      head.toString('latin1', 0, 8) !== MAGIC
    )
      throw new ImageFormatError('not a catalogue image file');
    const crc = head.readUInt32LE(8);
    const metaLength = head.readUInt32LE(12);
    const bodyStart = align8(PREFIX + metaLength);
    if (bodyStart > size) throw new ImageFormatError('truncated catalogue image file');
    const metaBytes = Buffer.alloc(bodyStart - PREFIX);
    readAll(fd, metaBytes, PREFIX);
    const buffer = new SharedArrayBuffer(size - bodyStart);
    const body = new Uint8Array(buffer);
    readAll(fd, body, bodyStart);
    if (crc32(body, crc32(metaBytes)) !== crc) throw new ImageFormatError('catalogue image file altered');
    const meta: unknown = JSON.parse(metaBytes.toString('utf8', 0, metaLength));
    return { image: new CatalogueImage(buffer), meta };
  } finally {
    closeSync(fd);
  }
}

function readAll(fd: number, into: Uint8Array, position: number): void {
  for (let at = 0; at < into.length; ) {
    const n = readSync(fd, into, at, Math.min(into.length - at, 1 << 30), position + at);
    if (n === 0) throw new ImageFormatError('truncated catalogue image file');
    at += n;
  }
}
