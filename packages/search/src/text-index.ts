// Inverted index for the embedded engine. The term dictionary is MiniSearch's radix tree
// (SearchableMap: exact, prefix and Levenshtein lookups); postings are typed arrays of
// (slot, BM25 field-weighted term frequency), so a query is a few tight loops over numbers instead of
// MiniSearch's per-result objects (measured 200–1,400 ms per common query at 100,000 offers, see README).
import SearchableMap from 'minisearch/SearchableMap';
import { type CatalogueImage, packLists } from './catalogue-image.ts';
import { stem, words } from './text.ts';

const K1 = 1.2;
/** score factor per typo (field boosts go up to 6) */
export const TYPO_FACTOR = 0.12;
const B = 0.7;
const MAX_CACHED_EXPANSIONS = 20_000;

/** A term's postings; from an image, views of the shared memory until a write copies them. */
class Posting {
  constructor(
    public slots: Uint32Array<ArrayBufferLike> = new Uint32Array(4),
    public weights: Float32Array<ArrayBufferLike> = new Float32Array(4),
    public length = 0,
  ) {}
  push(slot: number, weight: number) {
    if (this.length === this.slots.length) {
      const slots = new Uint32Array(this.length * 2);
      slots.set(this.slots);
      this.slots = slots;
      const weights = new Float32Array(this.length * 2);
      weights.set(this.weights);
      this.weights = weights;
    }
    this.slots[this.length] = slot;
    this.weights[this.length] = weight;
    this.length++;
  }
}

export interface TextFields {
  [field: string]: string;
}

/** A lookup alternative: terms that must all occur (a phrase), with a score factor. */
export interface Alternative {
  terms: string[];
  factor: number;
}

export class TextIndex {
  /** radix tree for fuzzy and prefix lookups; written once per distinct term */
  private readonly dict = new SearchableMap<Posting>();
  /** hash map for exact lookups (every term occurrence at load, every expanded term at query time) */
  private readonly postings = new Map<string, Posting>();
  private readonly avgLength: Map<string, number>;
  private docCount = 0;
  /**
   * `expand` results by (term, typos, prefix): the Levenshtein walk of the radix tree is the costliest
   * step of a text query, and people type the same words. Cleared when a new term enters the dictionary.
   */
  private readonly expansions = new Map<string, ReadonlyMap<string, number>>();

  constructor(
    private readonly boosts: Record<string, number>,
    /** average field lengths in terms, fixed at build so later partner updates score alike */
    averageLengths?: Map<string, number>,
  ) {
    this.avgLength = averageLengths ?? new Map();
  }

  /** The text index of an image: postings are views of it; the term dictionary is built here. */
  static fromImage(boosts: Record<string, number>, image: CatalogueImage): TextIndex {
    const { header, sections: s } = image;
    const index = new TextIndex(boosts, new Map(header.averageLengths));
    const o = s.termOffsets;
    header.terms.forEach((term, i) => {
      const start = o[i]!;
      const end = o[i + 1]!;
      const p = new Posting(
        s.termSlots.subarray(start, end),
        s.termWeights.subarray(start, end),
        end - start,
      );
      index.postings.set(term, p);
      index.dict.set(term, p);
    });
    index.docCount = header.size;
    return index;
  }

  /** Postings laid out flat (CSR over terms), for an image. */
  export(): {
    terms: string[];
    offsets: Uint32Array;
    slots: Uint32Array;
    weights: Float32Array;
    averageLengths: Map<string, number>;
  } {
    const terms = [...this.postings.keys()];
    const postings = [...this.postings.values()];
    const slots = packLists(
      postings.map((p) => p.slots.subarray(0, p.length)),
      (n) => new Uint32Array(n),
    );
    const weights = packLists(
      postings.map((p) => p.weights.subarray(0, p.length)),
      (n) => new Float32Array(n),
    );
    return {
      terms,
      offsets: slots.offsets,
      slots: slots.values,
      weights: weights.values,
      averageLengths: this.avgLength,
    };
  }

  static averageLengths(docs: readonly TextFields[], fields: readonly string[]): Map<string, number> {
    const avg = new Map<string, number>();
    for (const f of fields) {
      let total = 0;
      for (const d of docs) total += words(d[f] ?? '').length;
      avg.set(f, Math.max(1, total / Math.max(1, docs.length)));
    }
    return avg;
  }

  add(slot: number, doc: TextFields): void {
    const weights = new Map<string, number>();
    for (const [field, boost] of Object.entries(this.boosts)) {
      const terms = words(doc[field] ?? '').map(stem);
      if (terms.length === 0) continue;
      const tf = new Map<string, number>();
      for (const t of terms) tf.set(t, (tf.get(t) ?? 0) + 1);
      const norm = 1 - B + (B * terms.length) / (this.avgLength.get(field) ?? terms.length);
      // a word's best field, not the sum of its fields (Meilisearch's attribute rule): a place named in
      // the structure, the description and the commune must not outweigh the offer's own jargon
      for (const [t, n] of tf)
        weights.set(t, Math.max(weights.get(t) ?? 0, (boost * (n * (K1 + 1))) / (n + K1 * norm)));
    }
    for (const [t, w] of weights) {
      let p = this.postings.get(t);
      if (!p) {
        p = new Posting();
        this.postings.set(t, p);
        this.dict.set(t, p);
        if (this.expansions.size > 0) this.expansions.clear();
      }
      p.push(slot, w);
    }
    this.docCount++;
  }

  /** A document left (its postings stay, masked by the caller's candidate set). */
  remove(): void {
    this.docCount = Math.max(0, this.docCount - 1);
  }

  /**
   * Terms of the dictionary matching a typed term: exact, typos, prefix. Factor ranks exact first.
   * A fresh map the caller may change (the lookup itself is cached).
   */
  expand(term: string, typos: number, prefix: boolean, maxPrefixTerms = 300): Map<string, number> {
    const key = `${term}\u0000${typos}\u0000${prefix ? maxPrefixTerms : 0}`;
    let found = this.expansions.get(key);
    if (!found) {
      found = this.lookup(term, typos, prefix, maxPrefixTerms);
      if (this.expansions.size >= MAX_CACHED_EXPANSIONS) this.expansions.clear();
      this.expansions.set(key, found);
    }
    return new Map(found);
  }

  private lookup(term: string, typos: number, prefix: boolean, maxPrefixTerms: number): Map<string, number> {
    const out = new Map<string, number>();
    const put = (t: string, f: number) => {
      if ((out.get(t) ?? 0) < f) out.set(t, f);
    };
    // a typo costs more than any field weight, as Meilisearch ranks typos before attributes:
    // "reinsertion" ranks "réinsertion" in a description above "insertion" (2 typos) in a name
    // and, as in Meilisearch, a typo on the first letter counts as two
    if (typos > 0)
      for (const [t, [, d]] of this.dict.fuzzyGet(term, typos)) {
        const cost = d > 0 && t[0] !== term[0] ? d + 1 : d;
        if (cost <= typos) put(t, cost === 0 ? 1 : TYPO_FACTOR ** cost);
      }
    else if (this.postings.has(term)) put(term, 1);
    if (prefix) {
      // a word that exists as typed was most likely typed whole ("CHRS", "ASL"): its longer words
      // ("Christophe", "Aslonnes") count less, as Meilisearch's exactness rule ranks them after
      const factor = this.postings.has(term) ? 0.3 : 0.8;
      let n = 0;
      for (const t of this.dict.atPrefix(term).keys()) {
        put(t, factor);
        if (++n >= maxPrefixTerms) break;
      }
    }
    return out;
  }

  // Like Meilisearch, rank by where and how a word matches, barely by its rarity: a rare commune name
  // in a description must not beat the words of an offer's name.
  private idf(p: Posting, n: number): number {
    return 1 + 0.1 * Math.log(1 + (n - p.length + 0.5) / (p.length + 0.5));
  }

  has(term: string): boolean {
    return this.postings.has(term);
  }

  /**
   * Adds the best score of each alternative into `scores` (max over alternatives) for candidate slots;
   * returns the slots touched.
   */
  score(
    alternatives: readonly { terms: Map<string, number>[] }[],
    accept: (slot: number) => boolean,
    scores: Float32Array,
    touched: number[],
  ): void {
    const n = Math.max(1, this.docCount);
    for (const alt of alternatives) {
      if (alt.terms.length === 1) {
        // one word (the common case): straight into the score array, no intermediate map
        for (const [term, factor] of alt.terms[0]!) {
          const p = this.postings.get(term);
          if (!p) continue;
          const f = this.idf(p, n) * factor;
          const { slots, weights } = p;
          for (let i = 0; i < p.length; i++) {
            const slot = slots[i]!;
            if (!accept(slot)) continue;
            const s = weights[i]! * f;
            const current = scores[slot]!;
            if (current === 0) touched.push(slot);
            if (current < s) scores[slot] = s;
          }
        }
        continue;
      }
      // a phrase: every position must match one of its expanded terms
      let phrase = new Map<number, number>();
      alt.terms.forEach((expanded, position) => {
        const here = new Map<number, number>();
        for (const [term, factor] of expanded) {
          const p = this.postings.get(term);
          if (!p) continue;
          const f = this.idf(p, n) * factor;
          for (let i = 0; i < p.length; i++) {
            const slot = p.slots[i]!;
            if (position > 0 ? !phrase.has(slot) : !accept(slot)) continue;
            const s = p.weights[i]! * f;
            if ((here.get(slot) ?? 0) < s) here.set(slot, s);
          }
        }
        if (position === 0) phrase = here;
        else
          for (const [slot, s] of phrase) {
            const h = here.get(slot);
            if (h === undefined) phrase.delete(slot);
            else phrase.set(slot, s + h);
          }
      });
      // a phrase stands for one query word (as in Meilisearch): its mean, not its sum, so a
      // three-word synonym does not outweigh the one word typed
      const positions = alt.terms.length;
      for (const [slot, sum] of phrase) {
        const s = sum / positions;
        if (scores[slot] === 0) touched.push(slot);
        if (scores[slot]! < s) scores[slot] = s;
      }
    }
  }
}
