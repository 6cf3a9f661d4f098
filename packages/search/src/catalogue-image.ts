// A built catalogue of the embedded engine as one flat, read-only block of memory: the offers (their
// JSON), per-slot columns (points, name hashes, facet values), filter and text postings, the id order.
// Built once, it is shared by every search thread through a SharedArrayBuffer (no copy per thread,
// so memory does not grow with the threads) and written to disk per catalogue version, so that a start
// maps it back instead of parsing and indexing every offer again (see `image-file.ts`).
import { Buffer } from 'node:buffer';
import type { FacetField, Offer } from '@spie/core';

/** Bump when the layout or what the build derives from an offer changes (see `ANALYSIS_PROBE`). */
export const IMAGE_FORMAT = 'spie-catalogue/1';

type Kind = 'u32' | 'f32' | 'f64' | 'u8';
const BYTES: Record<Kind, number> = { u32: 4, f32: 4, f64: 8, u8: 1 };

/** What the header says besides the sections. */
export interface ImageHeader {
  format: string;
  /** fingerprint of the text analysis the postings were built with (see embedded-engine `analysisProbe`) */
  analysis: string;
  size: number;
  facetKeys: [FacetField, string][];
  /** filter posting keys (field\0value), in the order of `postingOffsets` */
  postingKeys: string[];
  /** text terms, in the order of `termOffsets` */
  terms: string[];
  averageLengths: [string, number][];
}

interface SectionSpec {
  kind: Kind;
  offset: number;
  length: number;
}

export interface ImageSections {
  lineOffsets: Uint32Array;
  lines: Uint8Array;
  idOffsets: Uint32Array;
  ids: Uint8Array;
  nameHashes: Uint32Array;
  latitudes: Float64Array;
  longitudes: Float64Array;
  cosines: Float64Array;
  ux: Float64Array;
  uy: Float64Array;
  uz: Float64Array;
  facetOffsets: Uint32Array;
  facetValues: Uint32Array;
  postingOffsets: Uint32Array;
  postingSlots: Uint32Array;
  termOffsets: Uint32Array;
  termSlots: Uint32Array;
  termWeights: Float32Array;
  slotsById: Uint32Array;
  idRanks: Uint32Array;
}
type SectionName = keyof ImageSections;
const KINDS: Record<SectionName, Kind> = {
  lineOffsets: 'u32',
  lines: 'u8',
  idOffsets: 'u32',
  ids: 'u8',
  nameHashes: 'u32',
  latitudes: 'f64',
  longitudes: 'f64',
  cosines: 'f64',
  ux: 'f64',
  uy: 'f64',
  uz: 'f64',
  facetOffsets: 'u32',
  facetValues: 'u32',
  postingOffsets: 'u32',
  postingSlots: 'u32',
  termOffsets: 'u32',
  termSlots: 'u32',
  termWeights: 'f32',
  slotsById: 'u32',
  idRanks: 'u32',
};

const MAGIC = 'SPIEIMG1';
const align8 = (n: number) => (n + 7) & ~7;

/** Thrown when bytes are not a complete image of this format (the caller rebuilds instead). */
export class ImageFormatError extends Error {
  override name = 'ImageFormatError';
}

/** Decoded offers kept per image and thread: hits and suggestions read the same offers again and again. */
const DECODED_CACHE = 4096;

export class CatalogueImage {
  readonly header: ImageHeader;
  readonly sections: ImageSections;
  private readonly bytes: Buffer;
  private readonly decoded = new Map<number, Offer>();
  private postingIndex: Map<string, number> | undefined;

  /** Reads an image from its bytes (throws `ImageFormatError` if they are not a whole image). */
  constructor(readonly buffer: SharedArrayBuffer | ArrayBuffer) {
    this.bytes = Buffer.from(buffer);
    if (buffer.byteLength < 16 || this.bytes.toString('latin1', 0, 8) !== MAGIC)
      throw new ImageFormatError('not a catalogue image');
    const headerLength = this.bytes.readUInt32LE(8);
    if (16 + headerLength > buffer.byteLength) throw new ImageFormatError('truncated image header');
    let parsed: ImageHeader & { sections: Record<SectionName, SectionSpec> };
    try {
      parsed = JSON.parse(this.bytes.toString('utf8', 16, 16 + headerLength));
    } catch {
      throw new ImageFormatError('unreadable image header');
    }
    if (parsed.format !== IMAGE_FORMAT) throw new ImageFormatError(`image format ${parsed.format}`);
    const { sections, ...header } = parsed;
    this.header = header;
    const views = {} as Record<SectionName, unknown>;
    for (const name of Object.keys(KINDS) as SectionName[]) {
      const spec = sections[name];
      if (!spec || spec.kind !== KINDS[name]) throw new ImageFormatError(`image section ${name} missing`);
      if (spec.offset % 8 !== 0 || spec.offset + spec.length * BYTES[spec.kind] > buffer.byteLength)
        throw new ImageFormatError(`image section ${name} out of bounds`);
      views[name] = view(buffer, spec);
    }
    this.sections = views as ImageSections;
    const s = this.sections;
    const n = header.size;
    if (
      s.lineOffsets.length !== n + 1 ||
      s.idOffsets.length !== n + 1 ||
      s.slotsById.length !== n ||
      s.idRanks.length !== n ||
      s.facetOffsets.length !== n + 1 ||
      s.postingOffsets.length !== header.postingKeys.length + 1 ||
      s.termOffsets.length !== header.terms.length + 1 ||
      s.lineOffsets[n] !== s.lines.length ||
      s.idOffsets[n] !== s.ids.length ||
      s.facetOffsets[n] !== s.facetValues.length ||
      s.postingOffsets[header.postingKeys.length] !== s.postingSlots.length ||
      s.termOffsets[header.terms.length] !== s.termSlots.length
    )
      throw new ImageFormatError('inconsistent image sections');
  }

  /** Lays out an image in one buffer (shared unless `shared` is false). */
  static write(
    header: ImageHeader,
    sections: ImageSections,
    shared = typeof SharedArrayBuffer === 'function',
  ): CatalogueImage {
    const specs = {} as Record<SectionName, SectionSpec>;
    // header length depends on the offsets it lists: lay out with a generous bound, then fix
    let offset = 0;
    for (const name of Object.keys(KINDS) as SectionName[]) {
      const kind = KINDS[name];
      specs[name] = { kind, offset, length: sections[name].length };
      offset = align8(offset + sections[name].length * BYTES[kind]);
    }
    const draft = Buffer.from(JSON.stringify({ ...header, sections: specs }));
    // every offset gets the header's size added: at most ~12 more digits per section
    const start = align8(16 + draft.length + 16 * Object.keys(KINDS).length);
    for (const spec of Object.values(specs)) spec.offset += start;
    const json = Buffer.from(JSON.stringify({ ...header, sections: specs }));
    if (16 + json.length > start) throw new Error('image header larger than reserved');
    const total = start + offset;
    const buffer = shared ? new SharedArrayBuffer(total) : new ArrayBuffer(total);
    const bytes = Buffer.from(buffer);
    bytes.write(MAGIC, 0, 'latin1');
    bytes.writeUInt32LE(json.length, 8);
    json.copy(bytes, 16);
    for (const name of Object.keys(KINDS) as SectionName[]) {
      const target = view(buffer, specs[name]) as { set(a: ArrayLike<number>): void };
      target.set(sections[name]);
    }
    return new CatalogueImage(buffer);
  }

  get size(): number {
    return this.header.size;
  }

  idOf(slot: number): string {
    const o = this.sections.idOffsets;
    return this.bytes.toString(
      'utf8',
      this.byteStart('ids') + o[slot]!,
      this.byteStart('ids') + o[slot + 1]!,
    );
  }

  /** The offer in slot `slot`, decoded from its JSON (a fresh object unless recently decoded). */
  offer(slot: number): Offer {
    let offer = this.decoded.get(slot);
    if (offer) return offer;
    const o = this.sections.lineOffsets;
    const base = this.byteStart('lines');
    offer = JSON.parse(this.bytes.toString('utf8', base + o[slot]!, base + o[slot + 1]!)) as Offer;
    if (this.decoded.size >= DECODED_CACHE) this.decoded.delete(this.decoded.keys().next().value!);
    this.decoded.set(slot, offer);
    return offer;
  }

  /** Slot of an offer id: binary search in the id order (no map of every id in each thread). */
  slotOf(id: string): number | undefined {
    const order = this.sections.slotsById;
    let lo = 0;
    let hi = order.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.idOf(order[mid]!) < id) lo = mid + 1;
      else hi = mid;
    }
    return lo < order.length && this.idOf(order[lo]!) === id ? order[lo] : undefined;
  }

  /** Slots of a filter posting (`field\0value`), e.g. one partner's offers. */
  postingSlots(key: string): Uint32Array {
    if (!this.postingIndex) this.postingIndex = new Map(this.header.postingKeys.map((k, i) => [k, i]));
    const i = this.postingIndex.get(key);
    const { postingOffsets: o, postingSlots } = this.sections;
    return i === undefined ? new Uint32Array(0) : postingSlots.subarray(o[i], o[i + 1]);
  }

  private byteStart(name: 'ids' | 'lines'): number {
    return this.sections[name].byteOffset;
  }
}

function view(buffer: SharedArrayBuffer | ArrayBuffer, { kind, offset, length }: SectionSpec) {
  switch (kind) {
    case 'u32':
      return new Uint32Array(buffer, offset, length);
    case 'f32':
      return new Float32Array(buffer, offset, length);
    case 'f64':
      return new Float64Array(buffer, offset, length);
    case 'u8':
      return new Uint8Array(buffer, offset, length);
  }
}

/** Strings as one UTF-8 block and offsets (n + 1). */
export function packStrings(strings: readonly string[]): { offsets: Uint32Array; bytes: Uint8Array } {
  const offsets = new Uint32Array(strings.length + 1);
  let total = 0;
  for (let i = 0; i < strings.length; i++) {
    offsets[i] = total;
    total += Buffer.byteLength(strings[i]!);
  }
  offsets[strings.length] = total;
  const bytes = Buffer.allocUnsafe(total);
  for (let i = 0; i < strings.length; i++) bytes.write(strings[i]!, offsets[i]!);
  return { offsets, bytes };
}

/** Lists laid out one after the other, with offsets (n + 1): one list per key or term. */
export function packLists<A extends Uint32Array | Float32Array>(
  lists: readonly ArrayLike<number>[],
  make: (n: number) => A,
): { offsets: Uint32Array; values: A } {
  const offsets = new Uint32Array(lists.length + 1);
  let total = 0;
  lists.forEach((list, i) => {
    offsets[i] = total;
    total += list.length;
  });
  offsets[lists.length] = total;
  const values = make(total);
  lists.forEach((list, i) => {
    values.set(list, offsets[i]!);
  });
  return { offsets, values };
}
