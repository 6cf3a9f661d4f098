// Fixed-size bit sets over document slots: filters are AND across fields of OR within a field,
// which on bit sets is a few thousand word operations at national scale.
export class BitSet {
  readonly words: Uint32Array;
  constructor(
    readonly size: number,
    words?: Uint32Array,
  ) {
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }
  static full(size: number): BitSet {
    const b = new BitSet(size);
    b.words.fill(0xffffffff);
    const extra = b.words.length * 32 - size;
    if (extra > 0) b.words[b.words.length - 1] = 0xffffffff >>> extra;
    return b;
  }
  static of(size: number, slots: Iterable<number>): BitSet {
    const b = new BitSet(size);
    for (const s of slots) b.add(s);
    return b;
  }
  clone(): BitSet {
    return new BitSet(this.size, this.words.slice());
  }
  add(slot: number): void {
    this.words[slot >>> 5]! |= 1 << (slot & 31);
  }
  delete(slot: number): void {
    this.words[slot >>> 5]! &= ~(1 << (slot & 31));
  }
  has(slot: number): boolean {
    return (this.words[slot >>> 5]! & (1 << (slot & 31))) !== 0;
  }
  and(other: BitSet): this {
    const w = this.words;
    const o = other.words;
    for (let i = 0; i < w.length; i++) w[i]! &= o[i] ?? 0;
    return this;
  }
  or(other: BitSet): this {
    const w = this.words;
    const o = other.words;
    for (let i = 0; i < w.length; i++) w[i]! |= o[i] ?? 0;
    return this;
  }
  /** Slots in increasing order, counted first then written into a typed array (4× a growing array). */
  toUint32Array(): Uint32Array {
    const w = this.words;
    let n = 0;
    for (let i = 0; i < w.length; i++) if (w[i] !== 0) n += popcount(w[i]!);
    const out = new Uint32Array(n);
    for (let i = 0, k = 0; i < w.length; i++) {
      let word = w[i]!;
      while (word !== 0) {
        const t = word & -word;
        out[k++] = (i << 5) + (31 - Math.clz32(t));
        word ^= t;
      }
    }
    return out;
  }
  /** Slots in increasing order. */
  toArray(): number[] {
    const out: number[] = [];
    const w = this.words;
    for (let i = 0; i < w.length; i++) {
      let word = w[i]!;
      while (word !== 0) {
        const t = word & -word;
        out.push((i << 5) + (31 - Math.clz32(t)));
        word ^= t;
      }
    }
    return out;
  }
}

/** Bits set in a 32-bit word (SWAR). */
export function popcount(x: number): number {
  const v = x - ((x >>> 1) & 0x55555555);
  const w = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (Math.imul((w + (w >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
}
