// Encoding detection on the bytes: a file is UTF-8 (with or without BOM) when its bytes are valid
// UTF-8, otherwise Windows-1252 (Excel's default "CSV (séparateur : point-virgule)" in French).
// We decide on the first SNIFF_BYTES so that streaming stays bounded; when a later chunk of a file
// taken for UTF-8 turns out invalid, decoding reports it instead of silently producing U+FFFD.
import { isUtf8 } from 'node:buffer';
import { StringDecoder } from 'node:string_decoder';
import iconv from 'iconv-lite';

export type Encoding = 'utf-8' | 'windows-1252';
export const SNIFF_BYTES = 64 * 1024;

const UTF8_BOM = [0xef, 0xbb, 0xbf];

export function hasUtf8Bom(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 3 && bytes[0] === UTF8_BOM[0] && bytes[1] === UTF8_BOM[1] && bytes[2] === UTF8_BOM[2]
  );
}

/**
 * Is `bytes` valid UTF-8, allowing the sample to stop in the middle of a multi-byte sequence
 * when `truncated` (the rest is in the next chunk)?
 */
export function isValidUtf8Prefix(bytes: Uint8Array, truncated: boolean): boolean {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return false;
    if (i + need >= n) {
      // Sequence cut by the end of the sample.
      if (!truncated) return false;
      for (let k = i + 1; k < n; k++) if ((bytes[k]! & 0xc0) !== 0x80) return false;
      return true;
    }
    let cp = b & (need === 1 ? 0x1f : need === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k]!;
      if ((c & 0xc0) !== 0x80) return false;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return false;
    i += need + 1;
  }
  return true;
}

/** Well-formed multi-byte UTF-8 sequences and stray bytes ≥ 0x80 in `bytes`. */
function utf8Evidence(bytes: Uint8Array): { sequences: number; stray: number } {
  let sequences = 0;
  let stray = 0;
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i]!;
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (b < 0x80) i++;
    else if (
      need > 0 &&
      i + need < bytes.length &&
      isValidUtf8Prefix(bytes.subarray(i, i + need + 1), false)
    ) {
      sequences++;
      i += need + 1;
    } else {
      stray++;
      i++;
    }
  }
  return { sequences, stray };
}

/** Decide the encoding from the first bytes of a file (`complete` when they are the whole file). */
export function detectEncoding(head: Uint8Array, complete: boolean): Encoding {
  if (hasUtf8Bom(head)) return 'utf-8';
  if (isValidUtf8Prefix(head, !complete)) return 'utf-8';
  // Mostly well-formed UTF-8 with a few bad bytes is a damaged UTF-8 file, not Windows-1252: read as
  // 1252, every accent would be published as mojibake (« Ã© »). Taken for UTF-8, decoding stops on the
  // bad bytes with a clear message instead.
  const { sequences, stray } = utf8Evidence(head);
  return sequences > stray ? 'utf-8' : 'windows-1252';
}

/** Incremental decoder; `write` throws `InvalidUtf8Error` on invalid UTF-8 after the sniffed part. */
export interface ChunkDecoder {
  write(chunk: Buffer): string;
  end(): string;
}

export class InvalidUtf8Error extends Error {
  constructor() {
    super(
      'le fichier commence en UTF-8 mais contient plus loin des caractères dans un autre encodage : enregistrez-le entièrement en « CSV UTF-8 »',
    );
  }
}

export function createDecoder(encoding: Encoding): ChunkDecoder {
  if (encoding === 'windows-1252') {
    const d = iconv.getDecoder('win1252');
    return { write: (c) => d.write(c), end: () => d.end() ?? '' };
  }
  // StringDecoder keeps split multi-byte sequences between chunks; U+FFFD in its output means
  // invalid bytes (a real U+FFFD in the file is encoded EF BF BD, which we check for).
  const d = new StringDecoder('utf8');
  let first = true;
  const check = (chunk: Buffer, s: string) => {
    if (s.includes('\uFFFD') && !chunk.includes(Buffer.from([0xef, 0xbf, 0xbd])))
      throw new InvalidUtf8Error();
    return s;
  };
  return {
    write(chunk) {
      let c = chunk;
      if (first) {
        first = false;
        if (hasUtf8Bom(c)) c = c.subarray(3);
      }
      return check(c, d.write(c));
    },
    end() {
      const rest = d.end();
      if (rest.includes('\uFFFD')) throw new InvalidUtf8Error();
      return rest;
    },
  };
}

/**
 * Streaming UTF-8 validation with the native `isUtf8`: a multi-byte sequence cut at the end of a
 * chunk is carried over to the next one. Throws `InvalidUtf8Error`.
 */
export function createUtf8Checker(): (chunk: Buffer, last: boolean) => void {
  let carry = Buffer.alloc(0);
  return (chunk, last) => {
    const buf = carry.length ? Buffer.concat([carry, chunk]) : chunk;
    let end = buf.length;
    if (!last) {
      // Back up over an incomplete trailing sequence (at most 3 bytes).
      for (let i = buf.length - 1, k = 0; i >= 0 && k < 3; i--, k++) {
        const b = buf[i]!;
        if ((b & 0xc0) === 0x80) continue; // continuation byte
        if (b >= 0xc0) {
          const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
          if (buf.length - i < need) end = i;
        }
        break;
      }
    }
    if (!isUtf8(buf.subarray(0, end))) throw new InvalidUtf8Error();
    carry = Buffer.from(buf.subarray(end));
  };
}
