// Every user-supplied query value is checked here, before either engine sees it: filter values must be
// vocabulary slugs (or well-formed partner ids / zone codes), so nothing arbitrary ever reaches a
// Meilisearch filter string, and both engines reject the same queries with the same French message.
import {
  FRAIS_VALUES,
  MAX_HITS_PER_PAGE,
  MODE_ACCUEIL_VALUES,
  type OfferFilters,
  type OfferQuery,
  PARTNER_ID,
  PUBLIC_VALUES,
  RESEAU_PORTEUR_VALUES,
  THEMATIQUE_OU_CATEGORIE_VALUES,
  TYPE_SERVICE_VALUES,
  ZONE_CODE,
} from '@spie/core';

export const DEFAULT_HITS_PER_PAGE = 20;
export const MAX_QUERY_LENGTH = 500;
export const MAX_RADIUS_KM = 1000;

export class SearchQueryError extends Error {
  override name = 'SearchQueryError';
}

/** A query after validation: page and size resolved, filters known-good. */
export interface ValidQuery extends OfferQuery {
  q: string;
  filters: OfferFilters;
  sort: 'relevance' | 'distance';
  page: number;
  hits_per_page: number;
}

const LABELS: Record<string, string> = {
  thematiques: 'thématique',
  types: 'type',
  publics: 'public',
  frais: 'frais',
  modes_accueil: 'mode d’accueil',
  reseaux_porteurs: 'réseau porteur',
  partenaire: 'partenaire',
  zone: 'code de zone',
};

function checkList(
  field: keyof typeof LABELS,
  values: readonly string[] | undefined,
  ok: (v: string) => boolean,
): void {
  if (values === undefined) return;
  if (!Array.isArray(values))
    throw new SearchQueryError(`filtre ${LABELS[field]} : liste de valeurs attendue`);
  for (const v of values) {
    if (typeof v !== 'string' || !ok(v))
      throw new SearchQueryError(`filtre ${LABELS[field]} : valeur inconnue « ${String(v).slice(0, 80)} »`);
  }
}

const inVocabulary = (vocabulary: readonly string[]) => {
  const set = new Set(vocabulary);
  return (v: string) => set.has(v);
};

const isInt = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n);

export function validateQuery(query: OfferQuery = {}): ValidQuery {
  const f = query.filters ?? {};
  checkList('thematiques', f.thematiques, inVocabulary(THEMATIQUE_OU_CATEGORIE_VALUES));
  checkList('types', f.types, inVocabulary(TYPE_SERVICE_VALUES));
  checkList('publics', f.publics, inVocabulary(PUBLIC_VALUES));
  checkList('frais', f.frais, inVocabulary(FRAIS_VALUES));
  checkList('modes_accueil', f.modes_accueil, inVocabulary(MODE_ACCUEIL_VALUES));
  checkList('reseaux_porteurs', f.reseaux_porteurs, inVocabulary(RESEAU_PORTEUR_VALUES));
  checkList('partenaire', f.partenaire, (v) => PARTNER_ID.test(v));
  checkList('zone', f.zone, (v) => ZONE_CODE.test(v));
  if (f.remote !== undefined && f.remote !== 'include' && f.remote !== 'exclude')
    throw new SearchQueryError('filtre à distance : « include » ou « exclude » attendu');

  const q = query.q ?? '';
  if (typeof q !== 'string') throw new SearchQueryError('texte de recherche invalide');
  if (q.length > MAX_QUERY_LENGTH)
    throw new SearchQueryError(`texte de recherche trop long (${MAX_QUERY_LENGTH} caractères au plus)`);

  const geo = query.geo;
  if (geo) {
    const { latitude, longitude, radius_km } = geo;
    if (!Number.isFinite(latitude) || latitude < -90 || latitude > 90)
      throw new SearchQueryError('latitude invalide (entre -90 et 90)');
    if (!Number.isFinite(longitude) || longitude < -180 || longitude > 180)
      throw new SearchQueryError('longitude invalide (entre -180 et 180)');
    if (!Number.isFinite(radius_km) || radius_km <= 0 || radius_km > MAX_RADIUS_KM)
      throw new SearchQueryError(`rayon invalide (entre 0 et ${MAX_RADIUS_KM} km)`);
  }
  const sort = query.sort ?? 'relevance';
  if (sort !== 'relevance' && sort !== 'distance')
    throw new SearchQueryError('tri inconnu : « relevance » ou « distance » attendu');
  if (sort === 'distance' && !geo)
    throw new SearchQueryError('le tri par distance demande un point de référence');

  const page = query.page ?? 1;
  if (!isInt(page) || page < 1) throw new SearchQueryError('numéro de page invalide (entier à partir de 1)');
  const hits = query.hits_per_page ?? DEFAULT_HITS_PER_PAGE;
  if (!isInt(hits) || hits < 0 || hits > MAX_HITS_PER_PAGE)
    throw new SearchQueryError(`nombre de résultats par page invalide (0 à ${MAX_HITS_PER_PAGE})`);

  if (query.facets !== undefined && typeof query.facets !== 'boolean')
    throw new SearchQueryError('facettes : booléen attendu');
  const filters: OfferFilters = { ...f };
  return { ...query, q, filters, sort, page, hits_per_page: hits, ...(geo ? { geo: { ...geo } } : {}) };
}
