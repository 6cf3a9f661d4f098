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
