// The async glue of the matching engine: validate the diagnostic, resolve where the person lives,
// retrieve candidates through the SearchEngine port (same code for both engines), then the pure
// `suggest` of @spie/core. The diagnostic is personal data: it is never written, logged, or echoed in
// error messages.
import {
  categoryOf,
  type Diagnostic,
  DiagnosticSchema,
  dropClusterCopies,
  type LatLon,
  MAX_HITS_PER_PAGE,
  type MatchingConfig,
  type MatchingPerson,
  type Offer,
  type OfferQuery,
  type SuggestionsResult,
  suggest,
  type ThematiqueOuCategorie,
  withConfig,
} from '@spie/core';
import {
  type Commune,
  communesByPostalCode,
  communesNear,
  getArrondissement,
  getCommune,
  zoneCodesOf,
} from '@spie/territory';
import type { SearchEngine } from './port.ts';

export interface DiagnosticProblem {
  champ: string;
  message: string;
}

/** A diagnostic that cannot be used, with French messages per field that never repeat its values. */
export class DiagnosticError extends Error {
  override name = 'DiagnosticError';
  constructor(readonly problems: DiagnosticProblem[]) {
    super(`diagnostic invalide : ${problems.map((p) => `${p.champ} : ${p.message}`).join(' ; ')}`);
  }
}

/** Zod issue → French message without the input value (zod's and our schema's messages may quote it). */
function problemOf(issue: {
  code: string;
  path: PropertyKey[];
  message: string;
  input?: unknown;
  keys?: string[];
}): DiagnosticProblem {
  const champ = issue.path.map(String).join('.') || '(racine)';
  switch (issue.code) {
    case 'invalid_value':
    case 'invalid_union':
      return { champ, message: 'valeur non reconnue' };
    case 'invalid_type':
      return { champ, message: issue.input === undefined ? 'champ obligatoire' : 'type de valeur invalide' };
    case 'unrecognized_keys':
      // Key names are not echoed either: a client may put the person's data in a key.
      return { champ, message: `${(issue.keys ?? []).length} champ(s) non prévu(s)` };
    default:
      // Our own messages: keep the text before any quoted value or `: slug` suffix.
      return {
        champ,
        message: issue.message.replace(/\s*:\s*(«.*|[a-z0-9-]+)$/s, '').trim() || 'valeur invalide',
      };
  }
}

export function parseDiagnostic(input: unknown): Diagnostic {
  const parsed = DiagnosticSchema.safeParse(input);
  if (!parsed.success) throw new DiagnosticError(parsed.error.issues.map(problemOf));
  return parsed.data;
}

export interface ResolvedLocation {
  person: MatchingPerson;
  commune: Commune;
}

const NEAREST_RADII_KM = [5, 20, 60] as const;

/** The commune whose centre is nearest to a point (territory lookups are by code, name or radius). */
export function nearestCommune(point: LatLon): Commune | undefined {
  for (const radius of NEAREST_RADII_KM) {
    const near = communesNear(point, radius);
    if (near.length > 0)
      return near.reduce((a, b) =>
        b.distanceKm < a.distanceKm || (b.distanceKm === a.distanceKm && b.commune.code < a.commune.code)
          ? b
          : a,
      ).commune;
  }
  return undefined;
}

/** code_commune → that commune; code_postal → its most populous commune; a point → the nearest commune. */
export function resolveLocation(d: Diagnostic): ResolvedLocation {
  const point =
    d.latitude !== undefined && d.longitude !== undefined
      ? { latitude: d.latitude, longitude: d.longitude }
      : undefined;
  let commune: Commune | undefined;
  let zoneKey: string | undefined;
  if (d.code_commune) {
    const arrondissement = getArrondissement(d.code_commune);
    commune = getCommune(arrondissement?.commune ?? d.code_commune);
    if (!commune) throw new DiagnosticError([{ champ: 'code_commune', message: 'commune inconnue' }]);
    zoneKey = d.code_commune;
  } else if (d.code_postal) {
    commune = communesByPostalCode(d.code_postal).sort(
      (a, b) => b.population - a.population || a.code.localeCompare(b.code),
    )[0];
    if (!commune) throw new DiagnosticError([{ champ: 'code_postal', message: 'code postal inconnu' }]);
  } else if (point) {
    commune = nearestCommune(point);
    if (!commune)
      throw new DiagnosticError([
        { champ: 'latitude', message: 'aucune commune française près de ce point' },
      ]);
  }
  if (!commune) throw new DiagnosticError([{ champ: 'code_commune', message: 'un lieu est attendu' }]);
  const where = point ?? { latitude: commune.latitude, longitude: commune.longitude };
  return {
    commune,
    person: { ...where, zoneCodes: zoneCodesOf(zoneKey ?? commune.code), communeNom: commune.nom },
  };
}

export interface FindSuggestionsOptions {
  /** ISO date; default: today in Europe/Paris. */
  today?: string;
  config?: Partial<MatchingConfig>;
  /** Upper bound on retrieved candidates (each page is MAX_HITS_PER_PAGE offers). */
  maxCandidates?: number;
  /**
   * Also retrieve in-person offers that have no point but a code_insee, and place them at their commune
   * centre. Engines only return offers with a point to a geo query, so this costs one more query paged
   * over the whole zone (measured in scripts/bench-suggest.ts); off by default, as published offers
   * carry points.
   */
  includeUnlocated?: boolean;
}

export const DEFAULT_MAX_CANDIDATES = 20_000;

/** Thématiques to retrieve: the categories of the asked besoins, so that sibling besoins come too. */
export function retrievalThematiques(d: Diagnostic): ThematiqueOuCategorie[] {
  return [...new Set(d.besoins.map((b) => categoryOf(b.thematique) ?? b.thematique))].sort();
}

async function collect(engine: SearchEngine, query: OfferQuery, max: number): Promise<Offer[]> {
  const offers: Offer[] = [];
  for (let page = 1; offers.length < max; page++) {
    const r = await engine.search({ ...query, page, hits_per_page: MAX_HITS_PER_PAGE, facets: false });
    for (const hit of r.hits) offers.push(hit.offer);
    if (r.hits.length < MAX_HITS_PER_PAGE || page * MAX_HITS_PER_PAGE >= r.total) break;
  }
  return offers;
}

export const parisToday = (now = new Date()) =>
  new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Paris' }).format(now);

export async function findSuggestions(
  diagnosticInput: unknown,
  engine: SearchEngine,
  options: FindSuggestionsOptions = {},
): Promise<SuggestionsResult> {
  const diagnostic = parseDiagnostic(diagnosticInput);
  const { person } = resolveLocation(diagnostic);
  // the engine may run the matching itself, next to its catalogue (errors above stay in the caller)
  if (engine.suggestions) return engine.suggestions(diagnostic, options);
  const config = withConfig(options.config);
  const budgetKm = diagnostic.mobilite.distance_max_km ?? config.budgetKmByMode[diagnostic.mobilite.mode];
  const max = options.maxCandidates ?? DEFAULT_MAX_CANDIDATES;
  const filters = {
    zone: [...person.zoneCodes],
    thematiques: retrievalThematiques(diagnostic),
    remote: diagnostic.acces_numerique ? ('include' as const) : ('exclude' as const),
  };
  // Offers with a point within the budget (and remote ones when the person has digital access)…
  const located = await collect(
    engine,
    {
      filters,
      geo: { latitude: person.latitude, longitude: person.longitude, radius_km: budgetKm },
      sort: 'distance',
    },
    max,
  );
  // …plus, on request, in-person offers without a point, placed at their commune centre.
  const seen = new Set(located.map((o) => o.id));
  const unlocated = options.includeUnlocated
    ? (await collect(engine, { filters: { ...filters, remote: 'exclude' } }, max)).filter(
        (o) => !seen.has(o.id) && (o.latitude === undefined || o.longitude === undefined) && o.code_insee,
      )
    : [];
  const candidates = [...located, ...unlocated];
  const result = suggest({
    diagnostic,
    person,
    candidates,
    today: options.today ?? parisToday(),
    config,
    communeCentre,
  });
  // the same service published by several sources is proposed once (see @spie/core clusters.ts)
  const byId = new Map(result.suggestions.map((s) => [s.id, undefined as Offer | undefined]));
  for (const o of candidates) if (byId.has(o.id)) byId.set(o.id, o);
  return dropClusterCopies(result, (id) => byId.get(id));
}

function communeCentre(code: string): LatLon | undefined {
  const c = getCommune(code);
  return c ? { latitude: c.latitude, longitude: c.longitude } : undefined;
}
