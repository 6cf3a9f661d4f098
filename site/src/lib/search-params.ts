// One parser for the annuaire's URL and GET /api/offres: same names, same limits, same French errors.
// Values are checked against the vocabularies here, so nothing unvalidated reaches an engine.
import {
  FRAIS_VALUES,
  MODE_ACCUEIL_VALUES,
  type OfferQuery,
  PUBLIC_VALUES,
  RESEAU_PORTEUR_VALUES,
  THEMATIQUE_OU_CATEGORIE_VALUES,
  TYPE_SERVICE_VALUES,
  z,
} from '@spie/core';
import { type Commune, zoneCodesOf } from '@spie/territory';
import { communeLabel, communeProblem, resolveCommuneInput } from './communes.ts';

export const LIMITS = {
  qMaxLength: 200,
  rayonMinKm: 1,
  rayonMaxKm: 200,
  defaultRayonKm: 20,
  parPageMax: 100,
  defaultParPage: 20,
  pageMax: 500,
  valuesPerListMax: 60,
} as const;

export const LIST_PARAMS = {
  thematiques: { values: THEMATIQUE_OU_CATEGORIE_VALUES, what: 'thématique inconnue' },
  types: { values: TYPE_SERVICE_VALUES, what: 'type de service inconnu' },
  publics: { values: PUBLIC_VALUES, what: 'public inconnu' },
  frais: { values: FRAIS_VALUES, what: 'valeur de frais inconnue' },
  modes_accueil: { values: MODE_ACCUEIL_VALUES, what: 'mode d’accueil inconnu' },
  reseaux_porteurs: { values: RESEAU_PORTEUR_VALUES, what: 'réseau porteur inconnu' },
} as const;
export type ListParam = keyof typeof LIST_PARAMS;
export const LIST_PARAM_NAMES = Object.keys(LIST_PARAMS) as ListParam[];

export type SearchState = {
  q: string;
  commune: Commune | undefined;
  rayon: number;
  a_distance: 'inclure' | 'exclure';
  /** `inclure`: also the offers whose eligibility zone excludes the commune, marked as such */
  hors_zone: 'inclure' | 'exclure';
  tri: 'pertinence' | 'distance';
  page: number;
  par_page: number;
} & { [K in ListParam]: string[] };

export type ParsedSearch =
  | { ok: true; state: SearchState; query: OfferQuery }
  /** `communes`: when the commune input named several communes or none, the ones to choose from */
  | { ok: false; errors: string[]; communes?: Commune[] };

const shown = (value: unknown) => {
  const s = String(value);
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
};

const intParam = (name: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${name} : nombre entier attendu` })
    .int({ error: `${name} : nombre entier attendu` })
    .min(min, { error: `${name} : ${min} au minimum` })
    .max(max, { error: `${name} : ${max} au maximum` });

const Scalars = z.object({
  q: z
    .string()
    .max(LIMITS.qMaxLength, { error: `q : ${LIMITS.qMaxLength} caractères au maximum` })
    .default(''),
  commune: z.string().max(120, { error: 'commune : 120 caractères au maximum' }).optional(),
  rayon: z.coerce
    .number({ error: 'rayon : nombre de kilomètres attendu' })
    .min(LIMITS.rayonMinKm, { error: `rayon : ${LIMITS.rayonMinKm} km au minimum` })
    .max(LIMITS.rayonMaxKm, { error: `rayon : ${LIMITS.rayonMaxKm} km au maximum` })
    .default(LIMITS.defaultRayonKm),
  a_distance: z
    .enum(['inclure', 'exclure'], {
      error: (iss) => `a_distance : « ${shown(iss.input)} » inconnu (inclure ou exclure)`,
    })
    .default('inclure'),
  hors_zone: z
    .enum(['inclure', 'exclure'], {
      error: (iss) => `hors_zone : « ${shown(iss.input)} » inconnu (inclure ou exclure)`,
    })
    .default('exclure'),
  tri: z
    .enum(['pertinence', 'distance'], {
      error: (iss) => `tri : « ${shown(iss.input)} » inconnu (pertinence ou distance)`,
    })
    .default('pertinence'),
  page: intParam('page', 1, LIMITS.pageMax).default(1),
  par_page: intParam('par_page', 1, LIMITS.parPageMax).default(LIMITS.defaultParPage),
});

/** Comma-separated or repeated values, trimmed, deduplicated; empty cells dropped. */
export function listValues(params: URLSearchParams, name: string): string[] {
  const values = params
    .getAll(name)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter((v) => v.length > 0);
  return [...new Set(values)];
}

/** Empty form fields count as absent, so the no-JS GET form and the API behave alike. */
function scalar(params: URLSearchParams, name: string): string | undefined {
  const value = params.get(name)?.trim();
  return value ? value : undefined;
}

export function parseSearchParams(params: URLSearchParams): ParsedSearch {
  const errors: string[] = [];
  const scalars = Scalars.safeParse({
    q: params.get('q')?.trim() ?? undefined,
    commune: scalar(params, 'commune'),
    rayon: scalar(params, 'rayon'),
    a_distance: scalar(params, 'a_distance'),
    hors_zone: scalar(params, 'hors_zone'),
    tri: scalar(params, 'tri'),
    page: scalar(params, 'page'),
    par_page: scalar(params, 'par_page'),
  });
  if (!scalars.success) errors.push(...scalars.error.issues.map((i) => i.message));

  const lists = {} as { [K in ListParam]: string[] };
  for (const name of LIST_PARAM_NAMES) {
    const { values, what } = LIST_PARAMS[name];
    // Bounded before deduplication: the count of values sent is what costs.
    const sent = params.getAll(name).reduce((n, v) => n + v.split(',').length, 0);
    const given = listValues(params, name);
    if (sent > LIMITS.valuesPerListMax) {
      errors.push(`${name} : ${LIMITS.valuesPerListMax} valeurs au maximum`);
      continue;
    }
    const known = new Set<string>(values);
    for (const v of given) if (!known.has(v)) errors.push(`${name} : ${what} « ${shown(v)} »`);
    lists[name] = given.filter((v) => known.has(v));
  }

  let commune: Commune | undefined;
  const communeInput = scalars.success ? scalars.data.commune : undefined;
  let communes: Commune[] | undefined;
  if (communeInput) {
    const r = resolveCommuneInput(communeInput);
    if (r.kind === 'found') commune = r.commune;
    else {
      errors.push(communeProblem('commune', communeInput, r)!);
      communes = r.kind === 'ambiguous' ? r.candidates : r.proposals;
    }
  }
  if (!scalars.success || errors.length > 0)
    return communes?.length ? { ok: false, errors, communes } : { ok: false, errors };

  const s = scalars.data;
  const state: SearchState = {
    q: s.q,
    commune,
    rayon: s.rayon,
    a_distance: s.a_distance,
    hors_zone: s.hors_zone,
    // Without a point there is no distance to sort by.
    tri: commune ? s.tri : 'pertinence',
    page: s.page,
    par_page: s.par_page,
    ...lists,
  };
  return { ok: true, state, query: toOfferQuery(state) };
}

export function toOfferQuery(state: SearchState): OfferQuery {
  const query: OfferQuery = {
    filters: {
      thematiques: state.thematiques as NonNullable<OfferQuery['filters']>['thematiques'],
      types: state.types as NonNullable<OfferQuery['filters']>['types'],
      publics: state.publics as NonNullable<OfferQuery['filters']>['publics'],
      frais: state.frais as NonNullable<OfferQuery['filters']>['frais'],
      modes_accueil: state.modes_accueil as NonNullable<OfferQuery['filters']>['modes_accueil'],
      reseaux_porteurs: state.reseaux_porteurs as NonNullable<OfferQuery['filters']>['reseaux_porteurs'],
      remote: state.a_distance === 'exclure' ? 'exclude' : 'include',
    },
    sort: state.tri === 'distance' ? 'distance' : 'relevance',
    page: state.page,
    hits_per_page: state.par_page,
  };
  if (state.q) query.q = state.q;
  if (state.commune) {
    query.filters!.zone = zoneCodesOf(state.commune.code);
    query.geo = {
      latitude: state.commune.latitude,
      longitude: state.commune.longitude,
      radius_km: state.rayon,
    };
  }
  return query;
}

/** Canonical URL parameters for a state (links: pagination, facet toggles, shared URLs). */
export function toSearchParams(state: SearchState, overrides: Partial<SearchState> = {}): URLSearchParams {
  const s = { ...state, ...overrides };
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  if (s.commune) {
    p.set('commune', s.commune.code);
    p.set('rayon', String(s.rayon));
  }
  for (const name of LIST_PARAM_NAMES) if (s[name].length > 0) p.set(name, s[name].join(','));
  if (s.a_distance !== 'inclure') p.set('a_distance', s.a_distance);
  if (s.hors_zone !== 'exclure' && s.commune) p.set('hors_zone', s.hors_zone);
  if (s.tri !== 'pertinence') p.set('tri', s.tri);
  if (s.par_page !== LIMITS.defaultParPage) p.set('par_page', String(s.par_page));
  if (s.page !== 1) p.set('page', String(s.page));
  return p;
}

export const communeInputValue = (state: SearchState) => (state.commune ? communeLabel(state.commune) : '');
