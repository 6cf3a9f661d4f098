// The embedded engine: in-process, no server. Text with MiniSearch (French folding, plural folding,
// Meilisearch-like typo budget plus adjacent transpositions, prefix on the last word, the shared
// synonym groups expanded at query time), filters and facets on posting lists turned into bit sets,
// geo with a KDBush bounding-box range then the exact turf distance. Semantics follow @spie/core
// query.ts and mirror the Meilisearch engine (see README for the ranking details).
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
import MiniSearch, { type Query } from 'minisearch';
import { BitSet } from './bitset.ts';
import { thematiqueLabels } from './documents.ts';
import { haversineKm } from './geo.ts';
import type { SearchEngine } from './port.ts';
import { validateQuery } from './query-validation.ts';
import { type QueryGroup, queryGroups, type SynonymIndex, stem, synonymIndex, terms, words } from './text.ts';

interface Doc {
  offer: Offer;
  latitude: number;
  longitude: number;
  /** facet value ids (see `facetKeys`) */
  facets: Uint32Array;
  /** the name as terms, to rank an exact-name match first */
  nameKey: string;
}

interface TextDoc {
  slot: number;
  nom: string;
  thematiques_libelles: string;
  structure_nom: string;
  description: string;
  commune: string;
}

const TEXT_FIELDS = ['nom', 'thematiques_libelles', 'structure_nom', 'description', 'commune'] as const;
/** Same weight order as Meilisearch's searchableAttributes. */
const BOOST = { nom: 6, thematiques_libelles: 3, structure_nom: 2, description: 1, commune: 1 };

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

function newMiniSearch(): MiniSearch<TextDoc> {
  return new MiniSearch<TextDoc>({
    idField: 'slot',
    fields: [...TEXT_FIELDS],
    storeFields: [],
    tokenize: (text) => words(text),
    processTerm: (term) => stem(term),
    // queries arrive as already analysed terms
    searchOptions: { tokenize: (s) => [s], processTerm: (t) => t, boost: BOOST, maxFuzzy: 2 },
  });
}

const postingKey = (field: string, value: string) => `${field}\u0000${value}`;

/** One immutable-size snapshot of the catalogue (slots grow on partner updates). */
class Catalogue {
  docs: (Doc | undefined)[] = [];
  byId = new Map<string, number>();
  postings = new Map<string, number[]>();
  facetKeys: { field: FacetField; value: string }[] = [];
  facetIds = new Map<string, number>();
  text = newMiniSearch();
  private geo: { tree: KDBush; slots: Uint32Array } | undefined;
  private aliveSet: BitSet | undefined;

  get size(): number {
    return this.docs.length;
  }

  alive(): BitSet {
    if (!this.aliveSet || this.aliveSet.size !== this.size) {
      const b = new BitSet(this.size);
      this.docs.forEach((d, i) => {
        if (d) b.add(i);
      });
      this.aliveSet = b;
    }
    return this.aliveSet;
  }

  private post(field: string, value: string, slot: number) {
    const key = postingKey(field, value);
    const list = this.postings.get(key);
    if (list) list.push(slot);
    else this.postings.set(key, [slot]);
  }

  /** Adds an offer; returns its text document for MiniSearch (added by the caller, possibly in bulk). */
  add(offer: Offer): TextDoc {
    const existing = this.byId.get(offer.id);
    if (existing !== undefined) this.remove(existing);
    const slot = this.docs.length;
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
    this.docs.push({
      offer,
      latitude: offer.latitude ?? Number.NaN,
      longitude: offer.longitude ?? Number.NaN,
      facets: Uint32Array.from(facetIds),
      nameKey: terms(offer.nom).join(' '),
    });
    this.byId.set(offer.id, slot);
    this.geo = undefined;
    this.aliveSet = undefined;
    return {
      slot,
      nom: offer.nom,
      thematiques_libelles: thematiqueLabels(offer).join(' · '),
      structure_nom: offer.structure_nom ?? '',
      description: offer.description,
      commune: offer.commune ?? '',
    };
  }

  /** Frees a slot; postings keep the dead slot, masked by `alive()`. */
  remove(slot: number): void {
    const doc = this.docs[slot];
    if (!doc) return;
    this.docs[slot] = undefined;
    this.byId.delete(doc.offer.id);
    this.text.discard(slot);
    this.geo = undefined;
    this.aliveSet = undefined;
  }

  set(field: string, values: readonly string[]): BitSet {
    const b = new BitSet(this.size);
    for (const v of values) for (const s of this.postings.get(postingKey(field, v)) ?? []) b.add(s);
    return b;
  }

  geoIndex(): { tree: KDBush; slots: Uint32Array } {
    if (!this.geo) {
      const located: number[] = [];
      this.docs.forEach((d, i) => {
        if (d && !Number.isNaN(d.latitude)) located.push(i);
      });
      const tree = new KDBush(Math.max(located.length, 1));
      for (const s of located) tree.add(this.docs[s]!.longitude, this.docs[s]!.latitude);
      if (located.length === 0) tree.add(0, -91); // KDBush needs one item; never in a valid box
      tree.finish();
      this.geo = { tree, slots: Uint32Array.from(located) };
    }
    return this.geo;
  }
}

interface Ranked {
  slot: number;
  /** number of leading query groups matched (Meilisearch "last" matching strategy) */
  words: number;
  exact: boolean;
  score: number;
  distance: number;
}

export interface EmbeddedOptions {
  /** documents per MiniSearch batch during `replaceAll` (yields to the event loop between batches) */
  chunkSize?: number;
}

export class EmbeddedSearchEngine implements SearchEngine {
  readonly name = 'embedded' as const;
  private catalogue = new Catalogue();
  private readonly synonyms: SynonymIndex = synonymIndex();
  private readonly chunkSize: number;

  constructor(options: EmbeddedOptions = {}) {
    this.chunkSize = options.chunkSize ?? 2000;
  }

  async replaceAll(offers: readonly Offer[]): Promise<void> {
    // built aside, then swapped: searches keep answering from the old catalogue meanwhile
    const next = new Catalogue();
    const textDocs = offers.map((o) => next.add(o));
    await next.text.addAllAsync(textDocs, { chunkSize: this.chunkSize });
    this.catalogue = next;
  }

  async replacePartner(partner: string, offers: readonly Offer[]): Promise<void> {
    const c = this.catalogue;
    for (const slot of c.set('partenaire', [partner]).toArray()) c.remove(slot);
    c.text.addAll(offers.map((o) => c.add({ ...o, partenaire: partner })));
  }

  async get(id: string): Promise<Offer | undefined> {
    const slot = this.catalogue.byId.get(id);
    return slot === undefined ? undefined : this.catalogue.docs[slot]?.offer;
  }

  async count(): Promise<number> {
    return this.catalogue.byId.size;
  }

  async search(query: OfferQuery): Promise<SearchResult> {
    const v = validateQuery(query);
    const c = this.catalogue;
    const candidates = this.filterSet(c, v.filters);
    const distances = new Map<number, number>();

    if (v.geo) {
      const { latitude, longitude, radius_km } = v.geo;
      const box = boundingBox({ latitude, longitude }, radius_km);
      const { tree, slots } = c.geoIndex();
      const near = new BitSet(c.size);
      for (const k of tree.range(box.minLongitude, box.minLatitude, box.maxLongitude, box.maxLatitude)) {
        const slot = slots[k]!;
        const d = c.docs[slot]!;
        const km = haversineKm(latitude, longitude, d.latitude, d.longitude);
        if (km <= radius_km) {
          near.add(slot);
          distances.set(slot, km);
        }
      }
      if (v.filters.remote !== 'exclude') near.or(c.set('flag', ['remote']));
      candidates.and(near);
    }

    const ranked = this.rank(c, v.q, candidates);
    const geo = v.geo;
    for (const r of ranked) {
      const d = c.docs[r.slot]!;
      if (!geo || Number.isNaN(d.latitude)) continue;
      r.distance = distances.get(r.slot) ?? haversineKm(geo.latitude, geo.longitude, d.latitude, d.longitude);
    }
    const ids = (r: Ranked) => c.docs[r.slot]!.offer.id;
    const byId = (a: Ranked, b: Ranked) => (ids(a) < ids(b) ? -1 : ids(a) > ids(b) ? 1 : 0);
    const byText = (a: Ranked, b: Ranked) =>
      b.words - a.words || Number(b.exact) - Number(a.exact) || b.score - a.score;
    const byDistance = (a: Ranked, b: Ranked) => a.distance - b.distance; // NaN-free: no point = +Infinity
    if (v.sort === 'distance')
      ranked.sort((a, b) => b.words - a.words || byDistance(a, b) || byText(a, b) || byId(a, b));
    else ranked.sort((a, b) => byText(a, b) || byDistance(a, b) || byId(a, b));

    const facets = this.facets(c, ranked);
    const start = (v.page - 1) * v.hits_per_page;
    const hits: OfferHit[] = ranked.slice(start, start + v.hits_per_page).map((r) => ({
      offer: c.docs[r.slot]!.offer,
      distance_km: geo && Number.isFinite(r.distance) ? r.distance : null,
    }));
    return { total: ranked.length, page: v.page, hits_per_page: v.hits_per_page, hits, facets };
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
  private rank(c: Catalogue, q: string, candidates: BitSet): Ranked[] {
    const groups = q ? queryGroups(q, this.synonyms) : [];
    if (groups.length === 0)
      return candidates
        .toArray()
        .map((slot) => ({ slot, words: 0, exact: false, score: 0, distance: Infinity }));
    const queryKey = terms(q).join(' ');
    const scores = groups.map((g, i) => this.groupScores(c, g, i === groups.length - 1, candidates));
    const out: Ranked[] = [];
    for (const [slot, first] of scores[0]!) {
      let matched = 1;
      let score = first;
      while (matched < scores.length) {
        const s = scores[matched]!.get(slot);
        if (s === undefined) break;
        score += s;
        matched++;
      }
      out.push({
        slot,
        words: matched,
        exact: c.docs[slot]!.nameKey === queryKey,
        score,
        distance: Infinity,
      });
    }
    return out;
  }

  /** Slot → score for one query group (typed word with typos/prefix, its transpositions, its synonyms). */
  private groupScores(c: Catalogue, g: QueryGroup, last: boolean, candidates: BitSet): Map<number, number> {
    const queries: Query[] = [];
    if (g.typed.length === 1) {
      const t = g.typed[0]!;
      queries.push({ queries: [t], fuzzy: typoBudget(t), prefix: last });
      const swaps = transpositions(t);
      if (swaps.length) queries.push({ queries: swaps, combineWith: 'OR', fuzzy: false, prefix: last });
    } else {
      queries.push({ queries: g.typed, combineWith: 'AND', fuzzy: false, prefix: false });
    }
    for (const phrase of g.synonyms)
      queries.push({ queries: phrase, combineWith: 'AND', fuzzy: false, prefix: false });
    const results = c.text.search(
      { queries, combineWith: 'OR' },
      { filter: (r) => candidates.has(r.id as number) },
    );
    const out = new Map<number, number>();
    for (const r of results) out.set(r.id as number, r.score);
    return out;
  }

  private facets(c: Catalogue, ranked: readonly Ranked[]): SearchResult['facets'] {
    const counts = new Uint32Array(c.facetKeys.length);
    for (const r of ranked) for (const id of c.docs[r.slot]!.facets) counts[id]!++;
    const facets = Object.fromEntries(FACET_FIELDS.map((f) => [f, {}])) as SearchResult['facets'];
    counts.forEach((n, id) => {
      if (n === 0) return;
      const { field, value } = c.facetKeys[id]!;
      facets[field][value] = n;
    });
    return facets;
  }
}
