// What a search asks for, with the filter semantics both engines must share (embedded and Meilisearch).
// `matchesFilters` is the reference predicate: the embedded engine uses it, the contract suite checks
// Meilisearch against it.
import type { Offer } from './offer.ts';
import { isRemote, isRemoteOnly } from './offer.ts';
import type {
  Frais,
  ModeAccueil,
  Public,
  ReseauPorteur,
  ThematiqueOuCategorie,
  TypeService,
} from './vocabularies/index.ts';
import { categoryOf, thematiqueMatches } from './vocabularies/index.ts';

export const FACET_FIELDS = [
  'categories',
  'thematiques',
  'type',
  'publics',
  'frais',
  'modes_accueil',
  'reseaux_porteurs',
  'partenaire',
] as const;
export type FacetField = (typeof FACET_FIELDS)[number];

/** Filters: AND across fields, OR within a field. Values are validated vocabulary slugs. */
export interface OfferFilters {
  /** Besoins or categories; a category matches all its besoins. */
  thematiques?: ThematiqueOuCategorie[];
  types?: TypeService[];
  /** An offer for `tous-publics` always matches (data·inclusion rule); an offer without publics does not. */
  publics?: Public[];
  frais?: Frais[];
  modes_accueil?: ModeAccueil[];
  reseaux_porteurs?: ReseauPorteur[];
  partenaire?: string[];
  /**
   * Eligibility zone: the zone codes of the person's commune (INSEE, EPCI SIREN, département, `france`,
   * `99100`, as given by the territory package). An offer matches when its `zone_eligibilite` is empty
   * or shares one code. An empty list keeps only offers without a zone.
   */
  zone?: string[];
  /** `exclude` drops remote-only offers. */
  remote?: 'include' | 'exclude';
}

export interface GeoQuery {
  latitude: number;
  longitude: number;
  /** Radius in km: offers with a point within it match; remote offers match too unless `remote: exclude`. */
  radius_km: number;
}

export interface OfferQuery {
  q?: string;
  filters?: OfferFilters;
  geo?: GeoQuery;
  /**
   * `relevance` (text score, then distance, then id) or `distance` (nearest first; no point last).
   * Precisions shared by both engines (search package README):
   * - text matching follows Meilisearch's `last` strategy: an offer must match the first query word;
   *   offers matching more leading words rank first;
   * - `relevance` with text: text ranking decides (words, typos, proximity, field weight, exactness);
   *   ties are deterministic (distance, then id) on the embedded engine only;
   * - `distance` with text: offers matching more leading words first, then nearest;
   * - without text, both sorts are exact and identical on both engines (distance, then id, ids
   *   compared as strings).
   */
  sort?: 'relevance' | 'distance';
  /** 1-based. */
  page?: number;
  hits_per_page?: number;
  /** false: facet counts are not computed (every field empty), for callers that only need the hits */
  facets?: boolean;
}

export interface OfferHit {
  offer: Offer;
  /** Distance from the query point in km, when the query has a point and the offer a location. */
  distance_km: number | null;
  /** Set when out-of-zone offers were asked for (see `searchWithOutOfZone`): the person is not eligible. */
  out_of_zone?: boolean;
}

export interface SearchResult {
  total: number;
  page: number;
  hits_per_page: number;
  hits: OfferHit[];
  /** Counts per value for every facet field, over all hits of the query (not just the page). */
  facets: Record<FacetField, Record<string, number>>;
}

export const MAX_HITS_PER_PAGE = 1000;

/** Offer values for a facet field (`categories` is derived from thématiques). */
export function facetValues(offer: Offer, field: FacetField): string[] {
  switch (field) {
    case 'categories':
      return [...new Set((offer.thematiques ?? []).map((t) => categoryOf(t)).filter((c) => c !== undefined))];
    case 'type':
      return offer.type ? [offer.type] : [];
    // a single value, not a list: spreading the string would count its letters
    case 'frais':
      return offer.frais ? [offer.frais] : [];
    case 'partenaire':
      return offer.partenaire ? [offer.partenaire] : [];
    default:
      return [...(offer[field] ?? [])];
  }
}

const anyOf = (values: readonly string[] | undefined, wanted: readonly string[] | undefined) =>
  !wanted || wanted.length === 0 || (values ?? []).some((v) => wanted.includes(v));

/** The eligibility zone rule: an offer without a zone is open to all, else it must share a code. */
export function matchesZone(offer: Offer, zone: readonly string[]): boolean {
  return !offer.zone_eligibilite?.length || offer.zone_eligibilite.some((z) => zone.includes(z));
}

/** Reference filter semantics (text and geo aside). */
export function matchesFilters(offer: Offer, f: OfferFilters = {}): boolean {
  if (
    f.thematiques?.length &&
    !(offer.thematiques ?? []).some((t) => f.thematiques!.some((a) => thematiqueMatches(t, a)))
  )
    return false;
  if (f.types?.length && !(offer.type && f.types.includes(offer.type))) return false;
  if (f.publics?.length && !anyOf(offer.publics, [...f.publics, 'tous-publics'])) return false;
  if (!anyOf(offer.frais ? [offer.frais] : [], f.frais)) return false;
  if (!anyOf(offer.modes_accueil, f.modes_accueil)) return false;
  if (!anyOf(offer.reseaux_porteurs, f.reseaux_porteurs)) return false;
  if (!anyOf(offer.partenaire ? [offer.partenaire] : [], f.partenaire)) return false;
  if (f.zone && !matchesZone(offer, f.zone)) return false;
  if (f.remote === 'exclude' && isRemoteOnly(offer)) return false;
  return true;
}

/** Reference geo semantics: inside the radius, or remote (unless remote offers are excluded). */
export function matchesGeo(
  offer: Offer,
  distanceKm: number | null,
  geo: GeoQuery,
  remote: 'include' | 'exclude' = 'include',
): boolean {
  if (distanceKm !== null && distanceKm <= geo.radius_km && !(remote === 'exclude' && isRemoteOnly(offer)))
    return true;
  return remote === 'include' && isRemote(offer);
}
