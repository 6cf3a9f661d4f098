// The embedded engine: in-process, no server. Text with MiniSearch (French folding, plural folding,
// Meilisearch-like typo budget plus adjacent transpositions, prefix on the last word, the shared
// synonym groups expanded at query time), filters and facets on posting lists turned into bit sets,
// geo with a KDBush bounding-box range then the exact turf distance. Semantics follow @spie/core
// query.ts and mirror the Meilisearch engine (see README for the ranking details).
import { createHash } from 'node:crypto';
import {
  expandThematique,
  FACET_FIELDS,
  type FacetField,
  facetValues,
  isRemote,
  isRemoteOnly,
  type Offer,
  type OfferFilters,
  type OfferHit,
  type OfferQuery,
  type SearchResult,
} from '@spie/core';
import { boundingBox } from '@spie/territory';
import KDBush from 'kdbush';
import { BitSet, popcount } from './bitset.ts';
import { CatalogueImage, IMAGE_FORMAT, ImageFormatError, packLists, packStrings } from './catalogue-image.ts';
import { thematiqueLabels } from './documents.ts';
import { haversineKmWithCosines, latitudeCosine, squaredChord, unitVector } from './geo.ts';
import { jargonOf, nameWithoutPlace } from './jargon.ts';
import type { SearchEngine, SearchOptions } from './port.ts';
import { type ValidQuery, validateQuery } from './query-validation.ts';
import { type CacheStats, ResultCache } from './result-cache.ts';
import { type QueryGroup, queryGroups, type SynonymIndex, stem, synonymIndex, terms, words } from './text.ts';
import { type TextFields, TextIndex, TYPO_FACTOR } from './text-index.ts';
import { WriteQueue } from './write-queue.ts';

interface Doc {
  offer: Offer;
  /** facet value ids (see `facetKeys`) */
  facets: Uint32Array;
  /** the name as terms, to rank an exact-name match first */
  nameKey: string;
}

const TEXT_FIELDS = [
  'nom',
  'sigles',
  'thematiques_libelles',
  'structure_nom',
  'description',
  'commune',
] as const;
/**
 * Same weight order as Meilisearch's searchableAttributes: what the offer is (its name without the
 * place, its jargon, its thématiques) before who runs it and where.
 */
const BOOST = { nom: 6, sigles: 4, thematiques_libelles: 3, structure_nom: 2, description: 1, commune: 1 };

/**
 * A synonym counts much less than the word typed: "crèche" ranks an AVIP crèche (the word itself, in
 * its jargon) above relais naming "modes de garde" in every field (Meilisearch: `exactness` before
 * `attribute`).
 */
const SYNONYM_FACTOR = 0.2;

/** Meilisearch's default typo budget: 1 from 5 letters, 2 from 9. */
const typoBudget = (term: string) => (term.length >= 9 ? 2 : term.length >= 5 ? 1 : 0);

/** Adjacent transpositions ("permsi" → "permis"): one typo for Meilisearch, two for Levenshtein. */
function transpositions(term: string): string[] {
  if (term.length < 5) return [];
  const out = new Set<string>();
  for (let i = 0; i < term.length - 1; i++) {
    if (term[i] === term[i + 1]) continue;
    out.add(term.slice(0, i) + term[i + 1] + term[i] + term.slice(i + 2));
  }
  return [...out];
}

export function textFields(offer: Offer): TextFields {
  return {
    nom: nameWithoutPlace(offer),
    sigles: jargonOf(offer),
    thematiques_libelles: thematiqueLabels(offer).join(' · '),
    structure_nom: offer.structure_nom ?? '',
    description: offer.description,
    commune: offer.commune ?? '',
  };
}

const postingKey = (field: string, value: string) => `${field}\u0000${value}`;

/**
 * A growable column of numbers, one per slot. From an image it starts as a view of the shared memory;
 * the first slot added after that copies it (copy on write), so a thread never writes shared memory.
 */
class Column<A extends Float64Array | Uint32Array> {
  length: number;
  constructor(
    public data: A,
    private readonly make: (n: number) => A,
    length = data.length,
  ) {
    this.length = length;
  }
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = this.make(Math.max(1024, this.length * 2));
      next.set(this.data.subarray(0, this.length));
      this.data = next;
    }
    this.data[this.length++] = value;
  }
}
const f64 = (n: number) => new Float64Array(n);
const u32 = (n: number) => new Uint32Array(n);

/**
 * One catalogue state: slots grow on partner updates. Built offer by offer (`add`), or opened on a
 * shared `CatalogueImage` (slots below `baseSize` read from it, later ones added here).
 */
class Catalogue {
  /** the image the first `baseSize` slots come from (shared, read-only) */
  readonly image: CatalogueImage | undefined;
  private readonly baseSize: number;
  /** image slots removed by partner updates */
  private readonly removedBase = new Set<number>();
  /** documents of the slots added here (slot - baseSize) */
  private readonly tail: (Doc | undefined)[] = [];
  /** slots added here, by id (image slots are found by binary search in the id order) */
  private readonly tailById = new Map<string, number>();
  liveCount = 0;
  /** hash of each slot's name terms: the exact-name check compares numbers, not strings */
  private readonly nameHashColumn: Column<Uint32Array>;
  /** each slot's point (NaN when none) and latitude cosine, in flat arrays: geo loops read no offers */
  private readonly columns: Record<'lat' | 'lon' | 'cos' | 'ux' | 'uy' | 'uz', Column<Float64Array>>;
  postings = new Map<string, number[] | Uint32Array>();
  facetKeys: { field: FacetField; value: string }[] = [];
  facetIds = new Map<string, number>();
  text: TextIndex;
  private idOrder: Uint32Array | undefined;
  private slotsById: Uint32Array | undefined;
  /** slots added since `slotsById` was built: merged into it instead of sorting everything again */
  private addedSinceOrder: number[] = [];
  /** facet counts of every live offer: the unfiltered query's facets, computed once per catalogue state */
  allFacets: Uint32Array | undefined;
  private facetTable: { offsets: Uint32Array; values: Uint32Array } | undefined;

  constructor(averageLengths?: Map<string, number>, image?: CatalogueImage) {
    this.image = image;
    if (!image) {
      this.baseSize = 0;
      this.text = new TextIndex(BOOST, averageLengths);
      this.nameHashColumn = new Column(u32(1024), u32, 0);
      this.columns = { lat: empty(), lon: empty(), cos: empty(), ux: empty(), uy: empty(), uz: empty() };
      return;
    }
    const { header, sections: s } = image;
    this.baseSize = header.size;
    this.liveCount = header.size;
    this.text = TextIndex.fromImage(BOOST, image);
    this.nameHashColumn = new Column(s.nameHashes, u32);
    this.columns = {
      lat: new Column(s.latitudes, f64),
      lon: new Column(s.longitudes, f64),
      cos: new Column(s.cosines, f64),
      ux: new Column(s.ux, f64),
      uy: new Column(s.uy, f64),
      uz: new Column(s.uz, f64),
    };
    header.postingKeys.forEach((key, i) => {
      this.postings.set(key, s.postingSlots.subarray(s.postingOffsets[i], s.postingOffsets[i + 1]));
    });
    header.facetKeys.forEach(([field, value], id) => {
      this.facetIds.set(postingKey(field, value), id);
      this.facetKeys.push({ field, value });
    });
    this.idOrder = s.idRanks;
    this.slotsById = s.slotsById;
    this.facetTable = { offsets: s.facetOffsets, values: s.facetValues };
  }
  private geo: { tree: KDBush; slots: Uint32Array } | undefined;
  private aliveSet: BitSet | undefined;
  private readonly bitCache = new Map<string, BitSet>();

  get size(): number {
    return this.baseSize + this.tail.length;
  }
  get nameHashes(): Uint32Array {
    return this.nameHashColumn.data;
  }
  get latitudes(): Float64Array {
    return this.columns.lat.data;
  }
  get longitudes(): Float64Array {
    return this.columns.lon.data;
  }
  get cosines(): Float64Array {
    return this.columns.cos.data;
  }
  get ux(): Float64Array {
    return this.columns.ux.data;
  }
  get uy(): Float64Array {
    return this.columns.uy.data;
  }
  get uz(): Float64Array {
    return this.columns.uz.data;
  }

  live(slot: number): boolean {
    return slot < this.baseSize ? !this.removedBase.has(slot) : this.tail[slot - this.baseSize] !== undefined;
  }

  /** The offer of a live slot. */
  offer(slot: number): Offer {
    return slot < this.baseSize ? this.image!.offer(slot) : this.tail[slot - this.baseSize]!.offer;
  }

  /** The id of a slot (also of a removed image slot). */
  idOf(slot: number): string {
    return slot < this.baseSize ? this.image!.idOf(slot) : this.tail[slot - this.baseSize]!.offer.id;
  }

  /** A live offer's name as terms (to rank an exact-name match first). */
  nameKeyOf(slot: number): string {
    return slot < this.baseSize
      ? terms(this.image!.offer(slot).nom).join(' ')
      : this.tail[slot - this.baseSize]!.nameKey;
  }

  /** The live slot holding an offer id. */
  slotOf(id: string): number | undefined {
    const added = this.tailById.get(id);
    if (added !== undefined) return added;
    if (!this.image) return undefined;
    const slot = this.image.slotOf(id);
    return slot === undefined || this.removedBase.has(slot) ? undefined : slot;
  }

  /** Every live offer, in slot order. */
  liveOffers(): Offer[] {
    const out: Offer[] = [];
    for (let i = 0; i < this.size; i++) if (this.live(i)) out.push(this.offer(i));
    return out;
  }

  alive(): BitSet {
    if (!this.aliveSet || this.aliveSet.size !== this.size) {
      const b = new BitSet(this.size);
      for (let i = 0; i < this.size; i++) if (this.live(i)) b.add(i);
      this.aliveSet = b;
    }
    return this.aliveSet;
  }

  private post(field: string, value: string, slot: number) {
    const key = postingKey(field, value);
    this.bitCache.delete(key);
    const list = this.postings.get(key);
    if (!list) this.postings.set(key, [slot]);
    else if (Array.isArray(list)) list.push(slot);
    else this.postings.set(key, [...list, slot]); // an image's list: copied before the first write
  }

  /** Adds an offer (text included). */
  add(offer: Offer): void {
    const existing = this.slotOf(offer.id);
    if (existing !== undefined) this.remove(existing);
    const slot = this.size;
    const facetIds: number[] = [];
    for (const field of FACET_FIELDS) {
      for (const value of facetValues(offer, field)) {
        const key = postingKey(field, value);
        let id = this.facetIds.get(key);
        if (id === undefined) {
          id = this.facetKeys.length;
          this.facetIds.set(key, id);
          this.facetKeys.push({ field, value });
        }
        facetIds.push(id);
        this.post(field, value, slot);
      }
    }
    if (offer.zone_eligibilite?.length) for (const z of offer.zone_eligibilite) this.post('zone', z, slot);
    else this.post('flag', 'zone_libre', slot);
    if (isRemote(offer)) this.post('flag', 'remote', slot);
    if (isRemoteOnly(offer)) this.post('flag', 'remote_only', slot);
    const latitude = offer.latitude ?? Number.NaN;
    const { lat, lon, cos, ux, uy, uz } = this.columns;
    lat.push(latitude);
    lon.push(offer.longitude ?? Number.NaN);
    cos.push(latitudeCosine(latitude));
    const [x, y, z] = unitVector(latitude, offer.longitude ?? Number.NaN);
    ux.push(x);
    uy.push(y);
    uz.push(z);
    const doc: Doc = { offer, facets: Uint32Array.from(facetIds), nameKey: terms(offer.nom).join(' ') };
    this.tail.push(doc);
    this.nameHashColumn.push(nameHash(doc.nameKey));
    this.tailById.set(offer.id, slot);
    this.liveCount++;
    this.text.add(slot, textFields(offer));
    this.addedSinceOrder.push(slot);
    this.changed();
  }

  /** Drops what is derived from the set of live offers (recomputed lazily on the next search). */
  private changed(): void {
    this.geo = undefined;
    this.aliveSet = undefined;
    this.idOrder = undefined; // slotsById is kept: `idRanks` brings it up to date
    this.facetTable = undefined;
    this.allFacets = undefined;
    this.postingCostValue = undefined;
  }

  /**
   * Facet value ids of every slot in one flat array (CSR), for counting in a tight loop. Only live
   * slots are ever counted, so a removed slot may keep its entries.
   */
  facetIndex(): { offsets: Uint32Array; values: Uint32Array } {
    if (!this.facetTable) {
      const base = this.image?.sections;
      const offsets = new Uint32Array(this.size + 1);
      if (base) offsets.set(base.facetOffsets.subarray(0, this.baseSize));
      let total = base ? base.facetValues.length : 0;
      this.tail.forEach((d, i) => {
        offsets[this.baseSize + i] = total;
        total += d ? d.facets.length : 0;
      });
      offsets[this.size] = total;
      const values = new Uint32Array(total);
      if (base) values.set(base.facetValues);
      this.tail.forEach((d, i) => {
        if (d) values.set(d.facets, offsets[this.baseSize + i]!);
      });
      this.facetTable = { offsets, values };
    }
    return this.facetTable;
  }

  /**
   * Rank of each slot in id order, for a numeric tie-break. After a partner update, the few added
   * slots are sorted and merged into the previous order (removed ones dropped) instead of sorting the
   * whole catalogue again (600 ms at 100,000 offers, on the first search after each publication).
   */
  idRanks(): Uint32Array {
    if (!this.idOrder) {
      const id = (i: number) => this.idOf(i);
      const added = this.addedSinceOrder.filter((i) => this.live(i));
      let slots: Uint32Array;
      if (this.slotsById && added.length <= this.slotsById.length / 8) {
        added.sort((a, b) => (id(a) < id(b) ? -1 : id(a) > id(b) ? 1 : 0));
        const previous = this.slotsById;
        // where each added id goes in the previous order (binary search on ids)
        const at = added.map((slot) => {
          const key = id(slot);
          let lo = 0;
          let hi = previous.length;
          while (lo < hi) {
            const mid = (lo + hi) >>> 1;
            const other = previous[mid]!;
            // a removed slot keeps its place in the previous order: compare with its old id
            if ((this.removedIds.get(other) ?? id(other)) < key) lo = mid + 1;
            else hi = mid;
          }
          return lo;
        });
        slots = new Uint32Array(this.liveCount);
        let k = 0;
        let j = 0;
        for (let i = 0; i <= previous.length; i++) {
          while (j < added.length && at[j] === i) slots[k++] = added[j++]!;
          if (i < previous.length && this.live(previous[i]!)) slots[k++] = previous[i]!;
        }
      } else {
        // one C++ string sort: "id\0slot" orders exactly as the ids (unique) compared with `<`
        const keys: string[] = [];
        for (let i = 0; i < this.size; i++) if (this.live(i)) keys.push(`${id(i)}\u0000${i}`);
        keys.sort();
        slots = Uint32Array.from(keys, (k) => Number(k.slice(k.lastIndexOf('\u0000') + 1)));
      }
      const ranks = new Uint32Array(this.size);
      slots.forEach((slot, rank) => {
        ranks[slot] = rank;
      });
      this.idOrder = ranks;
      this.slotsById = slots;
      this.addedSinceOrder = [];
      this.removedIds.clear();
    }
    return this.idOrder;
  }

  private postingCostValue: number | undefined;
  /** Word operations to count every facet value against a result bit set (see `countIn`). */
  postingCost(): number {
    if (this.postingCostValue === undefined) {
      const words = (this.size + 31) >>> 5;
      let cost = 0;
      for (const { field, value } of this.facetKeys)
        cost += Math.min(this.postings.get(postingKey(field, value))?.length ?? 0, words);
      this.postingCostValue = cost;
    }
    return this.postingCostValue;
  }

  /** Live slots in id order: a query without text nor distance walks it and stops after one page. */
  idOrderedSlots(): Uint32Array {
    this.idRanks(); // brings slotsById up to date after changes
    return this.slotsById!;
  }

  /**
   * How many slots of `bits` carry the facet value `key`: walks the posting list when it is short,
   * ANDs and popcounts the cached bit set when it is long (cost: min(list length, words)).
   */
  countIn(key: string, bits: BitSet): number {
    const list = this.postings.get(key);
    if (!list) return 0;
    if (list.length < bits.words.length) {
      let n = 0;
      for (let i = 0; i < list.length; i++) if (bits.has(list[i]!)) n++;
      return n;
    }
    let cached = this.bitCache.get(key);
    if (!cached || cached.size !== this.size) {
      cached = BitSet.of(this.size, list);
      if (this.bitCache.size >= 4096) this.bitCache.clear();
      this.bitCache.set(key, cached);
    }
    return andCount(cached, bits);
  }

  /** ids of tail slots freed since `slotsById` was built (their place in it, for the merge in `idRanks`) */
  private readonly removedIds = new Map<number, string>();

  /** Frees a slot; postings keep the dead slot, masked by `alive()`. */
  remove(slot: number): void {
    if (!this.live(slot)) return;
    if (slot < this.baseSize)
      this.removedBase.add(slot); // its id stays readable in the image
    else {
      const doc = this.tail[slot - this.baseSize]!;
      if (this.slotsById) this.removedIds.set(slot, doc.offer.id);
      this.tail[slot - this.baseSize] = undefined;
      this.tailById.delete(doc.offer.id);
    }
    this.liveCount--;
    this.text.remove();
    this.changed();
  }

  /** Slots having any of `values` in `field` (a fresh set the caller may modify). */
  set(field: string, values: readonly string[]): BitSet {
    const b = new BitSet(this.size);
    for (const v of values) {
      const key = postingKey(field, v);
      const cached = this.bitCache.get(key);
      if (cached && cached.size === this.size) {
        b.or(cached);
        continue;
      }
      const list = this.postings.get(key);
      if (!list) continue;
      if (list.length < 256) {
        for (const s of list) b.add(s);
        continue;
      }
      // large lists (flags, broad vocabulary values) are kept as bit sets: OR-ing words beats setting bits
      const bits = BitSet.of(this.size, list);
      if (this.bitCache.size >= 4096) this.bitCache.clear();
      this.bitCache.set(key, bits);
      b.or(bits);
    }
    return b;
  }

  geoIndex(): { tree: KDBush; slots: Uint32Array } {
    if (!this.geo) {
      const located: number[] = [];
      const latitudes = this.latitudes;
      for (let i = 0; i < this.size; i++) if (this.live(i) && !Number.isNaN(latitudes[i]!)) located.push(i);
      const tree = new KDBush(Math.max(located.length, 1));
      for (const s of located) tree.add(this.longitudes[s]!, latitudes[s]!);
      if (located.length === 0) tree.add(0, -91); // KDBush needs one item; never in a valid box
      tree.finish();
      this.geo = { tree, slots: Uint32Array.from(located) };
    }
    return this.geo;
  }

  /** Whether partner updates changed this catalogue since it was built or opened. */
  changedSinceBuild(): boolean {
    return this.image ? this.tail.length > 0 || this.removedBase.size > 0 : this.liveCount !== this.size;
  }

  /**
   * This catalogue as an image (one block, shared between threads and written to disk). Only a
   * catalogue built in one go (every slot live, none from an image) is laid out; an opened image is
   * returned as is while nothing changed.
   */
  toImage(shared?: boolean): CatalogueImage {
    if (this.image && this.tail.length === 0 && this.removedBase.size === 0) return this.image;
    if (this.image || this.liveCount !== this.size)
      throw new Error('only a freshly built catalogue can be laid out as an image');
    const offers = this.tail.map((d) => d!.offer);
    const lines = packStrings(offers.map((o) => JSON.stringify(o)));
    const ids = packStrings(offers.map((o) => o.id));
    const postingKeys = [...this.postings.keys()];
    const postings = packLists([...this.postings.values()], u32);
    const text = this.text.export();
    const idRanks = this.idRanks();
    const n = this.size;
    const { lat, lon, cos, ux, uy, uz } = this.columns;
    const facets = this.facetIndex();
    return CatalogueImage.write(
      {
        format: IMAGE_FORMAT,
        analysis: analysisFingerprint(),
        size: n,
        facetKeys: this.facetKeys.map(({ field, value }) => [field, value]),
        postingKeys,
        terms: text.terms,
        averageLengths: [...text.averageLengths],
      },
      {
        lineOffsets: lines.offsets,
        lines: lines.bytes,
        idOffsets: ids.offsets,
        ids: ids.bytes,
        nameHashes: this.nameHashes.subarray(0, n),
        latitudes: lat.data.subarray(0, n),
        longitudes: lon.data.subarray(0, n),
        cosines: cos.data.subarray(0, n),
        ux: ux.data.subarray(0, n),
        uy: uy.data.subarray(0, n),
        uz: uz.data.subarray(0, n),
        facetOffsets: facets.offsets,
        facetValues: facets.values,
        postingOffsets: postings.offsets,
        postingSlots: postings.values,
        termOffsets: text.offsets,
        termSlots: text.slots,
        termWeights: text.weights,
        slotsById: this.slotsById!,
        idRanks,
      },
      shared,
    );
  }
}

const empty = () => new Column(f64(1024), f64, 0);

/**
 * What the build derives from offers, run on a fixed sample: an image built by code that analyses
 * text or facets differently (another stemmer, field, boost or vocabulary rule) is not used.
 */
export function analysisFingerprint(): string {
  const probe: Offer = {
    id: 'sonde',
    structure_id: 'sonde',
    nom: 'Chantier d’insertion « Les Ateliers » : CAFÉ-crèche & accès aux droits RSA',
    description: 'Réparations de vélos, permis B, numériques ; garde d’enfants (2-3 ans) à Saint-Étienne.',
    date_maj: '2026-01-01',
    thematiques: ['mobilite--entretenir-reparer-son-vehicule', 'famille--garde-denfants'],
    type: 'atelier',
    frais: 'gratuit',
    publics: ['jeunes', 'femmes'],
    modes_accueil: ['en-presentiel', 'a-distance'],
    commune: 'Niort',
    code_insee: '79191',
    zone_eligibilite: ['79'],
    partenaire: 'sonde',
  } as Offer;
  const fields = textFields(probe);
  return createHash('sha256')
    .update(
      JSON.stringify([
        IMAGE_FORMAT,
        BOOST,
        TEXT_FIELDS,
        fields,
        Object.values(fields).map((t) => words(t).map(stem)),
        terms(probe.nom),
        FACET_FIELDS.map((f) => facetValues(probe, f)),
        [isRemote(probe), isRemoteOnly(probe)],
      ]),
    )
    .digest('hex')
    .slice(0, 16);
}

export interface EmbeddedOptions {
  /** offers added between two yields to the event loop during `replaceAll` */
  chunkSize?: number;
  /** results kept for repeated queries (cleared on every catalogue change); 0 disables the cache */
  resultCacheSize?: number;
}

/** The validated query as a cache key: list filters sorted, since their order changes nothing. */
export function cacheKey(v: ValidQuery): string {
  const f = v.filters;
  // undefined and [] stay distinct: an empty zone list means « offers without a zone only »
  const list = (values: readonly string[] | undefined) => (values === undefined ? null : [...values].sort());
  return JSON.stringify([
    v.q,
    list(f.thematiques),
    list(f.types),
    list(f.publics),
    list(f.frais),
    list(f.modes_accueil),
    list(f.reseaux_porteurs),
    list(f.partenaire),
    list(f.zone),
    f.remote ?? null,
    v.geo ? [v.geo.latitude, v.geo.longitude, v.geo.radius_km] : null,
    v.sort,
    v.page,
    v.hits_per_page,
    v.facets !== false,
  ]);
}

/**
 * Per-slot working arrays reused from one search to the next: a search runs synchronously from
 * start to end, so one set is enough, and allocating ~2 MB of typed arrays per query at national
 * scale cost more (allocation, zeroing, external-memory GCs) than the ranking itself. Each search
 * puts back the entries it wrote (see `release`), so the arrays are clean at the start of the next.
 */
class Scratch {
  readonly words: Uint8Array;
  readonly exact: Uint8Array;
  readonly score: Float32Array;
  readonly groupScores: Float32Array;
  /** squared chord to the query point (orders like the distance; see geo.ts `unitVector`) */
  readonly distance: Float64Array;
  /** slots whose distance was written */
  readonly located: number[] = [];
  constructor(readonly size: number) {
    this.words = new Uint8Array(size);
    this.exact = new Uint8Array(size);
    this.score = new Float32Array(size);
    this.groupScores = new Float32Array(size);
    this.distance = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
  }
  setDistance(slot: number, chord: number): void {
    if (this.distance[slot] === Number.POSITIVE_INFINITY) this.located.push(slot);
    this.distance[slot] = chord;
  }
  /** Puts back what a search wrote: ranked slots' text data and every written distance. */
  release(ranked: Slots): void {
    for (const slot of ranked) {
      this.words[slot] = 0;
      this.exact[slot] = 0;
      this.score[slot] = 0;
    }
    for (const slot of this.located) this.distance[slot] = Number.POSITIVE_INFINITY;
    this.located.length = 0;
  }
}

/** Document slots: a plain array when gathered one by one, a typed array when read off a bit set. */
type Slots = readonly number[] | Uint32Array;

/** Per-query ranking data, indexed by slot. */
interface Ranking {
  slots: Slots;
  /** leading query groups matched (Meilisearch "last" matching strategy); 0 without text */
  words: Uint8Array;
  exact: Uint8Array;
  score: Float32Array;
  /** squared chord to the query point (orders like km); +Infinity when no point or no geo */
  distance: Float64Array;
  idRank: Uint32Array;
}

export class EmbeddedSearchEngine implements SearchEngine {
  readonly name = 'embedded' as const;
  private catalogue = new Catalogue();
  private readonly synonyms: SynonymIndex = synonymIndex();
  private readonly chunkSize: number;
  private readonly cache: ResultCache;
  private scratch: Scratch | undefined;

  constructor(options: EmbeddedOptions = {}) {
    this.chunkSize = options.chunkSize ?? 2000;
    this.cache = new ResultCache(options.resultCacheSize ?? 512);
  }

  /** Result cache counters since start (for the load benchmark and the health endpoint). */
  cacheStats(): CacheStats {
    return this.cache.stats();
  }

  private readonly writes = new WriteQueue();

  replaceAll(offers: readonly Offer[]): Promise<void> {
    return this.writes.run(() => this.build(offers));
  }

  private async build(offers: readonly Offer[]): Promise<void> {
    // built aside, then swapped: searches keep answering from the old catalogue meanwhile
    const sample = offers.slice(0, 5000).map(textFields);
    const next = new Catalogue(TextIndex.averageLengths(sample, TEXT_FIELDS));
    for (let i = 0; i < offers.length; i++) {
      next.add(offers[i]!);
      if (i % this.chunkSize === this.chunkSize - 1) await new Promise((r) => setImmediate(r));
    }
    this.catalogue = next;
    this.cache.clear();
  }

  replacePartner(partner: string, offers: readonly Offer[]): Promise<void> {
    return this.writes.run(async () => {
      // synchronous from here: no search sees the partner half-replaced
      const c = this.catalogue;
      for (const slot of c.set('partenaire', [partner]).toArray()) c.remove(slot);
      for (const o of offers) c.add({ ...o, partenaire: partner });
      this.cache.clear();
      // freed slots stay in postings; rebuild once they outnumber the live offers
      if (c.size > 2 * c.liveCount + 1000) await this.build(c.liveOffers());
    });
  }

  /**
   * The current catalogue as an image (see `catalogue-image.ts`): laid out from a catalogue built by
   * `replaceAll`, or the opened image itself; undefined once partner updates changed either.
   */
  exportImage(shared?: boolean): Promise<CatalogueImage | undefined> {
    return this.writes.run(async () =>
      this.catalogue.changedSinceBuild() ? undefined : this.catalogue.toImage(shared),
    );
  }

  /**
   * Serves the catalogue of an image from now on (shared memory: no copy). Throws `ImageFormatError`
   * when it was built by code analysing offers differently: the caller rebuilds then.
   */
  adoptImage(image: CatalogueImage): Promise<void> {
    return this.writes.run(async () => {
      if (image.header.analysis !== analysisFingerprint())
        throw new ImageFormatError('catalogue image built with another text analysis');
      this.catalogue = new Catalogue(undefined, image);
      this.cache.clear();
    });
  }

  async get(id: string): Promise<Offer | undefined> {
    const slot = this.catalogue.slotOf(id);
    return slot === undefined ? undefined : this.catalogue.offer(slot);
  }

  async count(): Promise<number> {
    return this.catalogue.liveCount;
  }

  async search(query: OfferQuery, options: SearchOptions = {}): Promise<SearchResult> {
    const v = validateQuery(query);
    if (options.personal) return this.compute(v);
    // Synchronous from here to the end: no catalogue change can land between lookup and store.
    const key = cacheKey(v);
    return this.cache.get(key) ?? this.cache.set(key, this.compute(v));
  }

  private compute(v: ValidQuery): SearchResult {
    const c = this.catalogue;
    const candidates = this.filterSet(c, v.filters);
    const groups = v.q ? queryGroups(v.q, this.synonyms) : [];
    if (groups.length === 0 && !v.geo)
      return this.browse(c, candidates, v.page, v.hits_per_page, v.facets !== false);
    if (this.scratch?.size !== c.size) this.scratch = new Scratch(c.size);
    const scratch = this.scratch;
    let r: { result: SearchResult; slots: Slots };
    try {
      r = this.ranked(c, v, groups, candidates, scratch);
    } catch (error) {
      this.scratch = undefined; // written entries unknown: start afresh next time
      throw error;
    }
    scratch.release(r.slots);
    return r.result;
  }

  private ranked(
    c: Catalogue,
    v: ValidQuery,
    groups: QueryGroup[],
    candidates: BitSet,
    scratch: Scratch,
  ): { result: SearchResult; slots: Slots } {
    const distance = scratch.distance;
    const geo = v.geo;

    if (geo) {
      const { latitude, longitude, radius_km } = geo;
      const box = boundingBox({ latitude, longitude }, radius_km);
      const { tree, slots } = c.geoIndex();
      const near = new BitSet(c.size);
      const [qx, qy, qz] = unitVector(latitude, longitude);
      const { ux, uy, uz } = c;
      // Inside or outside the radius by squared chord; within a hair of the circle (float rounding),
      // by the exact haversine, so the set is the one `matchesGeo` and Meilisearch define.
      const limit = squaredChord(radius_km);
      const surelyIn = limit * (1 - 1e-7);
      const surelyOut = limit * (1 + 1e-7);
      const cos = latitudeCosine(latitude);
      for (const k of tree.range(box.minLongitude, box.minLatitude, box.maxLongitude, box.maxLatitude)) {
        const slot = slots[k]!;
        const dx = ux[slot]! - qx;
        const dy = uy[slot]! - qy;
        const dz = uz[slot]! - qz;
        const chord = dx * dx + dy * dy + dz * dz;
        if (chord > surelyOut) continue;
        if (
          chord >= surelyIn &&
          haversineKmWithCosines(
            latitude,
            longitude,
            cos,
            c.latitudes[slot]!,
            c.longitudes[slot]!,
            c.cosines[slot]!,
          ) > radius_km
        )
          continue;
        near.add(slot);
        scratch.setDistance(slot, chord);
      }
      if (v.filters.remote !== 'exclude') near.or(c.set('flag', ['remote']));
      candidates.and(near);
    }

    const r = this.rank(c, groups, candidates, scratch);
    if (geo) {
      // remote offers outside the radius: their distance still ranks them and shows on the page
      const [qx, qy, qz] = unitVector(geo.latitude, geo.longitude);
      const { ux, uy, uz } = c;
      for (const slot of r.slots) {
        if (distance[slot] !== Number.POSITIVE_INFINITY) continue;
        const dx = ux[slot]! - qx;
        const dy = uy[slot]! - qy;
        const dz = uz[slot]! - qz;
        const chord = dx * dx + dy * dy + dz * dz;
        if (!Number.isNaN(chord)) scratch.setDistance(slot, chord);
      }
    }

    const cmpText = (a: number, b: number) =>
      r.words[b]! - r.words[a]! || r.exact[b]! - r.exact[a]! || r.score[b]! - r.score[a]!;
    const cmpDistance = (a: number, b: number) => {
      const da = distance[a]!;
      const db = distance[b]!;
      return da < db ? -1 : da > db ? 1 : 0;
    };
    const cmpId = (a: number, b: number) => r.idRank[a]! - r.idRank[b]!;
    // without words every text criterion ties: distance, then id (the common geo query, kept lean)
    const compare =
      groups.length === 0
        ? (a: number, b: number) => cmpDistance(a, b) || cmpId(a, b)
        : v.sort === 'distance'
          ? (a: number, b: number) =>
              r.words[b]! - r.words[a]! || cmpDistance(a, b) || cmpText(a, b) || cmpId(a, b)
          : (a: number, b: number) => cmpText(a, b) || cmpDistance(a, b) || cmpId(a, b);

    const start = (v.page - 1) * v.hits_per_page;
    const page = topK(r.slots, start + v.hits_per_page, compare).slice(start);
    const queryCos = geo ? latitudeCosine(geo.latitude) : 0;
    const hits: OfferHit[] = page.map((slot) => ({
      offer: c.offer(slot),
      // the exact haversine (turf's formula) for what is shown
      distance_km:
        geo && Number.isFinite(distance[slot]!)
          ? haversineKmWithCosines(
              geo.latitude,
              geo.longitude,
              queryCos,
              c.latitudes[slot]!,
              c.longitudes[slot]!,
              c.cosines[slot]!,
            )
          : null,
    }));
    let facets: SearchResult['facets'];
    if (v.facets === false) facets = noFacets();
    else {
      const resultBits = groups.length === 0 ? candidates : BitSet.of(c.size, r.slots);
      facets = this.facets(c, r.slots, resultBits, r.slots.length);
    }
    const result = { total: r.slots.length, page: v.page, hits_per_page: v.hits_per_page, hits, facets };
    return { result, slots: groups.length === 0 ? [] : r.slots };
  }

  /**
   * No words and no point: every candidate ties on relevance and distance, so the order is the id
   * order. Walk the catalogue in id order and stop after the page, instead of ranking every match;
   * the total is a popcount and the facets come from the bit set.
   */
  private browse(
    c: Catalogue,
    candidates: BitSet,
    page: number,
    perPage: number,
    withFacets: boolean,
  ): SearchResult {
    const start = (page - 1) * perPage;
    const hits: OfferHit[] = [];
    const total = bitCount(candidates);
    const ordered = c.idOrderedSlots();
    if ((start + perPage) * ordered.length > 8 * total * Math.max(total, 1)) {
      // few candidates: the walk in id order would cross most of the catalogue; pick the page by id rank
      const idRank = c.idRanks();
      for (const slot of topK(candidates.toArray(), start + perPage, (a, b) => idRank[a]! - idRank[b]!).slice(
        start,
      ))
        hits.push({ offer: c.offer(slot), distance_km: null });
    } else
      for (let i = 0, seen = 0; i < ordered.length && hits.length < perPage; i++) {
        const slot = ordered[i]!;
        if (!candidates.has(slot)) continue;
        if (seen++ >= start) hits.push({ offer: c.offer(slot), distance_km: null });
      }
    return {
      total,
      page,
      hits_per_page: perPage,
      hits,
      facets: withFacets ? this.facets(c, undefined, candidates, total) : noFacets(),
    };
  }

  private filterSet(c: Catalogue, f: OfferFilters): BitSet {
    const out = c.alive().clone();
    if (f.thematiques?.length)
      out.and(c.set('thematiques', [...new Set(f.thematiques.flatMap(expandThematique))]));
    if (f.types?.length) out.and(c.set('type', f.types));
    if (f.publics?.length) out.and(c.set('publics', [...f.publics, 'tous-publics']));
    if (f.frais?.length) out.and(c.set('frais', f.frais));
    if (f.modes_accueil?.length) out.and(c.set('modes_accueil', f.modes_accueil));
    if (f.reseaux_porteurs?.length) out.and(c.set('reseaux_porteurs', f.reseaux_porteurs));
    if (f.partenaire?.length) out.and(c.set('partenaire', f.partenaire));
    if (f.zone) out.and(c.set('zone', f.zone).or(c.set('flag', ['zone_libre'])));
    if (f.remote === 'exclude') {
      const remoteOnly = c.set('flag', ['remote_only']);
      for (let i = 0; i < out.words.length; i++) out.words[i]! &= ~remoteOnly.words[i]!;
    }
    return out;
  }

  /** Text ranking; without words, every candidate with a neutral score. */
  private rank(c: Catalogue, groups: QueryGroup[], candidates: BitSet, scratch: Scratch): Ranking {
    const ranking: Ranking = {
      slots: [],
      words: scratch.words,
      exact: scratch.exact,
      score: scratch.score,
      distance: scratch.distance,
      idRank: c.idRanks(),
    };
    if (groups.length === 0) {
      ranking.slots = candidates.toUint32Array();
      return ranking;
    }
    const queryKey = groups.flatMap((g) => g.typed).join(' ');
    const scores = scratch.groupScores;
    const matched: number[] = [];
    ranking.slots = matched;
    groups.forEach((g, i) => {
      const touched: number[] = [];
      const accept =
        i === 0 ? (slot: number) => candidates.has(slot) : (slot: number) => ranking.words[slot] === i;
      c.text.score(this.alternatives(c, g, i === groups.length - 1), accept, scores, touched);
      for (const slot of touched) {
        if (i === 0) matched.push(slot);
        else if (ranking.words[slot] !== i) continue;
        ranking.words[slot] = i + 1;
        ranking.score[slot]! += scores[slot]!;
      }
      for (const slot of touched) scores[slot] = 0;
    });
    const queryHash = nameHash(queryKey);
    const hashes = c.nameHashes;
    for (const slot of ranking.slots)
      if (hashes[slot] === queryHash && c.nameKeyOf(slot) === queryKey) ranking.exact[slot] = 1;
    return ranking;
  }

  /** What a query group may match: the typed word (typos, transpositions, prefix if last) or a synonym. */
  private alternatives(c: Catalogue, g: QueryGroup, last: boolean): { terms: Map<string, number>[] }[] {
    const out: { terms: Map<string, number>[] }[] = [];
    if (g.typed.length === 1) {
      const t = g.typed[0]!;
      const expanded = c.text.expand(t, typoBudget(t), last);
      for (const swap of transpositions(t))
        if (c.text.has(swap) && !expanded.has(swap)) expanded.set(swap, TYPO_FACTOR);
      out.push({ terms: [expanded] });
    } else {
      out.push({ terms: g.typed.map((t) => new Map([[t, 1]])) });
    }
    for (const phrase of g.synonyms) out.push({ terms: phrase.map((t) => new Map([[t, SYNONYM_FACTOR]])) });
    return out;
  }

  /**
   * Facet counts of a result set, by the cheapest of three ways: the whole catalogue's counts
   * (computed once per catalogue state), a walk over the hits' facet values (few hits), or one
   * count per facet value against the result's bit set (many hits: short posting lists walked,
   * long ones ANDed and popcounted).
   */
  private facets(
    c: Catalogue,
    slots: Slots | undefined,
    bits: BitSet,
    total: number,
  ): SearchResult['facets'] {
    const { values } = c.facetIndex();
    const live = c.liveCount;
    let counts: Uint32Array;
    if (!c.allFacets) c.allFacets = countByHits(c, c.alive().toUint32Array());
    if (total === live) {
      counts = c.allFacets;
    } else {
      const perHit = live === 0 ? 0 : (total * values.length) / live;
      const perMissing = live === 0 ? 0 : ((live - total) * values.length) / live;
      // a word ANDed and popcounted costs about as much as WORD_COST facet values walked (measured)
      const perWord = WORD_COST * c.postingCost();
      if (perHit <= perWord && perHit <= perMissing) {
        counts = countByHits(c, slots ?? bits.toUint32Array());
      } else if (perMissing < perWord) {
        // most offers match: the whole catalogue's counts minus those of the offers that do not
        const missing = c.alive().clone();
        const w = missing.words;
        const b = bits.words;
        for (let i = 0; i < w.length; i++) w[i]! &= ~b[i]!;
        counts = c.allFacets.slice();
        const minus = countByHits(c, missing.toUint32Array());
        for (let i = 0; i < counts.length; i++) counts[i]! -= minus[i]!;
      } else {
        counts = new Uint32Array(c.facetKeys.length);
        c.facetKeys.forEach(({ field, value }, id) => {
          counts[id] = c.countIn(postingKey(field, value), bits);
        });
      }
    }
    const facets = Object.fromEntries(FACET_FIELDS.map((f) => [f, {}])) as SearchResult['facets'];
    counts.forEach((n, id) => {
      if (n === 0) return;
      const { field, value } = c.facetKeys[id]!;
      facets[field][value] = n;
    });
    return facets;
  }
}

/** Cost of one word of `countIn` (AND + popcount) in facet values walked by `countByHits`. */
const WORD_COST = 8;

/** The facets of a query that asked for none: every field, no value. */
const noFacets = () => Object.fromEntries(FACET_FIELDS.map((f) => [f, {}])) as SearchResult['facets'];

/** Facet counts by walking each hit's facet values (CSR table). */
function countByHits(c: Catalogue, slots: Slots): Uint32Array {
  const counts = new Uint32Array(c.facetKeys.length);
  const { offsets, values } = c.facetIndex();
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i]!;
    for (let j = offsets[slot]!, end = offsets[slot + 1]!; j < end; j++) counts[values[j]!]!++;
  }
  return counts;
}

/** The first `k` items in order, without sorting everything (a page out of tens of thousands). */
export function topK(items: Slots, k: number, compare: (a: number, b: number) => number): number[] {
  if (k <= 0) return [];
  if (items.length <= k * 4 || k > 2000) return [...items].sort(compare).slice(0, k);
  // bounded max-heap of the best k so far
  const heap: number[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (compare(heap[i]!, heap[p]!) <= 0) break;
      [heap[i], heap[p]] = [heap[p]!, heap[i]!];
      i = p;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && compare(heap[l]!, heap[m]!) > 0) m = l;
      if (r < heap.length && compare(heap[r]!, heap[m]!) > 0) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const item of items) {
    if (heap.length < k) {
      heap.push(item);
      up(heap.length - 1);
    } else if (compare(item, heap[0]!) < 0) {
      heap[0] = item;
      down(0);
    }
  }
  return heap.sort(compare);
}

/** FNV-1a of a string, kept within small-integer range (30 bits) so the array stays packed. */
export function nameHash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h & 0x3fffffff;
}

/** Slots set in `a`. */
function bitCount(a: BitSet): number {
  let n = 0;
  const w = a.words;
  for (let i = 0; i < w.length; i++) if (w[i] !== 0) n += popcount(w[i]!);
  return n;
}

/** Size of the intersection of `a` and `b`, without building it. */
function andCount(a: BitSet, b: BitSet): number {
  let n = 0;
  const x = a.words;
  const y = b.words;
  const len = Math.min(x.length, y.length);
  for (let i = 0; i < len; i++) {
    const both = x[i]! & y[i]!;
    if (both !== 0) n += popcount(both);
  }
  return n;
}
