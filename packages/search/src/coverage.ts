// The observatoire: for a territory, one need and one travel mode, how many offers every commune can
// reach under the matching's own hard rules (core's `evaluate`: active, zone, publics, age, IAE,
// reachability), the nearest one, and who is left without any. Offers are indexed once per catalogue
// and need (points in a kd-tree, remote offers by zone code), so a commune only evaluates the offers
// within its budget or open to its zone, never the whole catalogue.
import {
  DEFAULT_MATCHING_CONFIG,
  evaluate,
  haversineKm,
  type LatLon,
  labelOf,
  type MatchingConfig,
  MOBILITY_MODE_VALUES,
  type MobilityMode,
  type Offer,
  type PersonContext,
  PUBLIC_VALUES,
  type Public,
  placeOf,
  relation,
  THEMATIQUE_OU_CATEGORIE_VALUES,
  type ThematiqueOuCategorie,
} from '@spie/core';
import {
  type Commune,
  getCommune,
  getDepartement,
  getEpci,
  listCommunes,
  zoneCodesOf,
} from '@spie/territory';
import { around } from 'geokdbush';
import KDBush from 'kdbush';

export type CoverageTerritory =
  | { type: 'departement'; code: string }
  | { type: 'epci'; code: string }
  | { type: 'france' };

export interface CoverageQuery {
  territoire: CoverageTerritory;
  besoin: ThematiqueOuCategorie;
  mode: MobilityMode;
  /** Publics the offers must be open to; absent: publics (and IAE criteria) are left aside. */
  publics?: readonly Public[] | undefined;
}

export interface CommuneCoverage {
  code: string;
  nom: string;
  population: number;
  epci: string | null;
  departement: string;
  latitude: number;
  longitude: number;
  /** In-person offers the commune's inhabitants can reach within the mode's budget. */
  offres_accessibles: number;
  /** Offers reachable remotely only (counted apart: they need digital access). */
  offres_a_distance: number;
  /** Distance to the nearest in-person offer open to the commune (any distance up to 200 km), else null. */
  plus_proche_km: number | null;
}

export interface AreaSummary {
  code: string;
  nom: string;
  communes: number;
  population: number;
  population_sans_offre: number;
  part_sans_offre: number;
}

export interface OpeningGain {
  code: string;
  nom: string;
  /** Population of the communes without a reachable offer that one new offer here would reach. */
  population_nouvellement_couverte: number;
  communes_nouvellement_couvertes: number;
}

export interface CoverageResult {
  territoire: { type: CoverageTerritory['type']; code: string | null; nom: string };
  besoin: ThematiqueOuCategorie;
  mode: MobilityMode;
  budget_km: number;
  publics: Public[] | null;
  communes: CommuneCoverage[];
  synthese: {
    communes: number;
    population: number;
    population_sans_offre: number;
    part_sans_offre: number;
    communes_sans_offre: number;
    par_epci: AreaSummary[];
    par_departement: AreaSummary[];
  };
  /** "Où ouvrir ?": the communes where one new in-person offer would newly cover the most people. */
  ou_ouvrir: OpeningGain[];
}

export class CoverageQueryError extends Error {
  override name = 'CoverageQueryError';
}

/** Beyond this, "nearest" is not worth searching for: the annuaire's largest radius. */
export const NEAREST_MAX_KM = 200;
const OPENINGS_SHOWN = 10;
const RESULT_CACHE_SIZE = 256;

/** Offers of one need, indexed for per-commune queries. */
interface NeedIndex {
  /** In-person offers with a place (own point or commune centre), in a kd-tree of [lon, lat]. */
  placed: Offer[];
  tree: KDBush | undefined;
  /** Remote offers by zone code; those open everywhere under `''`. */
  remoteByZone: Map<string, Offer[]>;
}

function communeCentre(code: string): LatLon | undefined {
  const c = getCommune(code);
  return c ? { latitude: c.latitude, longitude: c.longitude } : undefined;
}

const ALL_PUBLICS: ReadonlySet<Public> = new Set(PUBLIC_VALUES);
// Publics left aside: the person is eligible as far as publics and IAE go; age stays unknown (not refused).
const LEFT_ASIDE_IAE = { passIae: true, level1: [], level2: [] };

/**
 * One catalogue's coverage computations; build a new one when the catalogue changes (the site keys it
 * by catalogue version). Results are memoised per query.
 */
export class CoverageIndex {
  private readonly needs = new Map<string, NeedIndex>();
  private readonly results = new Map<string, CoverageResult>();
  private readonly config: MatchingConfig;

  constructor(
    private readonly offers: readonly Offer[],
    private readonly today: string,
    config: MatchingConfig = DEFAULT_MATCHING_CONFIG,
  ) {
    this.config = config;
  }

  compute(query: CoverageQuery): CoverageResult {
    const key = JSON.stringify([query.territoire, query.besoin, query.mode, query.publics ?? null]);
    const cached = this.results.get(key);
    if (cached) {
      // refresh its place in the LRU order
      this.results.delete(key);
      this.results.set(key, cached);
      return cached;
    }
    const result = this.computeUncached(query);
    this.results.set(key, result);
    if (this.results.size > RESULT_CACHE_SIZE)
      this.results.delete(this.results.keys().next().value as string);
    return result;
  }

  private needIndex(besoin: ThematiqueOuCategorie): NeedIndex {
    let index = this.needs.get(besoin);
    if (index) return index;
    const asked = [{ thematique: besoin, priorite: 1 as const }];
    const placed: Offer[] = [];
    const points: LatLon[] = [];
    const remoteByZone = new Map<string, Offer[]>();
    for (const offer of this.offers) {
      // the matching's own notion of "this offer covers this need" (siblings do not cover)
      if (relation(offer, asked).covers.length === 0) continue;
      if (offer.modes_accueil?.includes('a-distance')) {
        const zones = offer.zone_eligibilite?.length ? new Set(offer.zone_eligibilite) : [''];
        for (const z of zones) {
          const list = remoteByZone.get(z);
          if (list) list.push(offer);
          else remoteByZone.set(z, [offer]);
        }
      }
      const place = placeOf(offer, communeCentre);
      if (place) {
        placed.push(offer);
        points.push(place.point);
      }
    }
    let tree: KDBush | undefined;
    if (placed.length > 0) {
      tree = new KDBush(placed.length);
      for (const p of points) tree.add(p.longitude, p.latitude);
      tree.finish();
    }
    index = { placed, tree, remoteByZone };
    this.needs.set(besoin, index);
    return index;
  }

  private computeUncached(query: CoverageQuery): CoverageResult {
    const { territoire, besoin, mode } = query;
    const communes = communesOf(territoire);
    const index = this.needIndex(besoin);
    const budgetKm = this.config.budgetKmByMode[mode];
    const publics = query.publics ? new Set(query.publics) : ALL_PUBLICS;
    const iae = query.publics ? { passIae: false, level1: [], level2: [] } : LEFT_ASIDE_IAE;
    const rows: CommuneCoverage[] = communes.map((commune) => {
      const ctx: PersonContext = {
        age: undefined,
        situations: [],
        publics,
        iae,
        zoneCodes: new Set(zoneCodesOf(commune.code)),
        point: { latitude: commune.latitude, longitude: commune.longitude },
        mode,
        budgetKm,
        customBudget: false,
        digitalAccess: true,
        today: this.today,
      };
      return this.communeCoverage(commune, ctx, index, budgetKm);
    });
    return {
      territoire: describeTerritory(territoire),
      besoin,
      mode,
      budget_km: budgetKm,
      publics: query.publics ? [...query.publics] : null,
      communes: rows,
      synthese: summarise(rows),
      ou_ouvrir: openings(rows, budgetKm),
    };
  }

  private communeCoverage(
    commune: Commune,
    ctx: PersonContext,
    index: NeedIndex,
    budgetKm: number,
  ): CommuneCoverage {
    const seen = new Set<Offer>();
    let inPerson = 0;
    let remote = 0;
    const count = (offer: Offer) => {
      if (seen.has(offer)) return;
      seen.add(offer);
      const ev = evaluate(offer, ctx, this.config, communeCentre, false);
      if (ev.rejections.length > 0) return;
      if (ev.reachedBy === 'presentiel') inPerson++;
      else if (ev.reachedBy === 'distance') remote++;
    };
    if (index.tree) {
      // the kd-tree's distance may differ from core's in the last digits: take a margin, `evaluate` decides
      for (const i of around(index.tree, commune.longitude, commune.latitude, Infinity, budgetKm + 0.5))
        count(index.placed[i] as Offer);
    }
    for (const code of ['', ...ctx.zoneCodes])
      for (const offer of index.remoteByZone.get(code) ?? []) count(offer);

    let nearest: number | null = null;
    if (index.tree) {
      // nearest in-person offer the commune could use but for the distance
      const ids = around(index.tree, commune.longitude, commune.latitude, 1, NEAREST_MAX_KM, (i) => {
        const ev = evaluate(
          index.placed[i] as Offer,
          { ...ctx, budgetKm: Infinity },
          this.config,
          communeCentre,
          false,
        );
        return ev.rejections.length === 0 && ev.reachedBy === 'presentiel';
      });
      const first = ids[0];
      if (first !== undefined) {
        const ev = evaluate(index.placed[first] as Offer, ctx, this.config, communeCentre, false);
        if (ev.distanceKm !== null) nearest = Math.round(ev.distanceKm * 10) / 10;
      }
    }
    return {
      code: commune.code,
      nom: commune.nom,
      population: commune.population,
      epci: commune.epci,
      departement: commune.departement,
      latitude: commune.latitude,
      longitude: commune.longitude,
      offres_accessibles: inPerson,
      offres_a_distance: remote,
      plus_proche_km: nearest,
    };
  }
}

export function communesOf(territoire: CoverageTerritory): Commune[] {
  const all = listCommunes();
  switch (territoire.type) {
    case 'france':
      return [...all];
    case 'departement': {
      if (!getDepartement(territoire.code))
        throw new CoverageQueryError(`département inconnu : « ${territoire.code} »`);
      return all.filter((c) => c.departement === territoire.code);
    }
    case 'epci': {
      const epci = getEpci(territoire.code);
      if (!epci) throw new CoverageQueryError(`EPCI inconnu : « ${territoire.code} » (SIREN attendu)`);
      const members = new Set(epci.communes);
      return all.filter((c) => members.has(c.code));
    }
  }
}

function describeTerritory(t: CoverageTerritory): CoverageResult['territoire'] {
  if (t.type === 'france') return { type: 'france', code: null, nom: 'France' };
  const nom = t.type === 'departement' ? getDepartement(t.code)?.nom : getEpci(t.code)?.nom;
  return { type: t.type, code: t.code, nom: nom ?? t.code };
}

const share = (part: number, whole: number) =>
  whole === 0 ? 0 : Math.round((part / whole) * 10_000) / 10_000;

function area(code: string, nom: string, rows: readonly CommuneCoverage[]): AreaSummary {
  let population = 0;
  let without = 0;
  for (const r of rows) {
    population += r.population;
    if (r.offres_accessibles === 0) without += r.population;
  }
  return {
    code,
    nom,
    communes: rows.length,
    population,
    population_sans_offre: without,
    part_sans_offre: share(without, population),
  };
}

function groupBy(
  rows: readonly CommuneCoverage[],
  key: (r: CommuneCoverage) => string,
): Map<string, CommuneCoverage[]> {
  const groups = new Map<string, CommuneCoverage[]>();
  for (const r of rows) {
    const k = key(r);
    const list = groups.get(k);
    if (list) list.push(r);
    else groups.set(k, [r]);
  }
  return groups;
}

const byShareThenCode = (a: AreaSummary, b: AreaSummary) =>
  b.part_sans_offre - a.part_sans_offre || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);

function summarise(rows: readonly CommuneCoverage[]): CoverageResult['synthese'] {
  const total = area('', '', rows);
  const par_epci = [...groupBy(rows, (r) => r.epci ?? '')].map(([code, list]) =>
    area(code, code ? (getEpci(code)?.nom ?? code) : 'Hors EPCI', list),
  );
  const par_departement = [...groupBy(rows, (r) => r.departement)].map(([code, list]) =>
    area(code, getDepartement(code)?.nom ?? code, list),
  );
  return {
    communes: total.communes,
    population: total.population,
    population_sans_offre: total.population_sans_offre,
    part_sans_offre: total.part_sans_offre,
    communes_sans_offre: rows.filter((r) => r.offres_accessibles === 0).length,
    par_epci: par_epci.sort(byShareThenCode),
    par_departement: par_departement.sort(byShareThenCode),
  };
}

/**
 * For every commune of the territory as the place of one new in-person offer open to the whole
 * territory: the population of the communes without a reachable offer within the budget of it.
 */
function openings(rows: readonly CommuneCoverage[], budgetKm: number): OpeningGain[] {
  const uncovered = rows.filter((r) => r.offres_accessibles === 0 && r.population > 0);
  if (uncovered.length === 0) return [];
  const tree = new KDBush(uncovered.length);
  for (const u of uncovered) tree.add(u.longitude, u.latitude);
  tree.finish();
  const gains: OpeningGain[] = [];
  for (const site of rows) {
    let population = 0;
    let count = 0;
    // margin for the kd-tree's own distance; core's distance (the matching's) decides
    for (const i of around(tree, site.longitude, site.latitude, Infinity, budgetKm + 0.5)) {
      const u = uncovered[i] as CommuneCoverage;
      if (haversineKm(site, u) > budgetKm) continue;
      population += u.population;
      count++;
    }
    if (population > 0)
      gains.push({
        code: site.code,
        nom: site.nom,
        population_nouvellement_couverte: population,
        communes_nouvellement_couvertes: count,
      });
  }
  return gains
    .sort(
      (a, b) =>
        b.population_nouvellement_couverte - a.population_nouvellement_couverte ||
        (a.code < b.code ? -1 : a.code > b.code ? 1 : 0),
    )
    .slice(0, OPENINGS_SHOWN);
}

/** Raw parameters as an HTTP query or the CLI gives them. */
export interface CoverageParams {
  departement?: string | null | undefined;
  epci?: string | null | undefined;
  besoin?: string | null | undefined;
  mode?: string | null | undefined;
  /** Comma-separated data·inclusion publics; empty or absent: publics left aside. */
  publics?: string | null | undefined;
}

const BESOINS: ReadonlySet<string> = new Set(THEMATIQUE_OU_CATEGORIE_VALUES);
const MODES: ReadonlySet<string> = new Set(MOBILITY_MODE_VALUES);

/** Validated query, or a CoverageQueryError whose French message names the parameter and the value. */
export function parseCoverageParams(p: CoverageParams): CoverageQuery {
  const departement = p.departement?.trim().toUpperCase() || undefined;
  const epci = p.epci?.trim() || undefined;
  if (departement && epci)
    throw new CoverageQueryError('donnez soit « departement », soit « epci », pas les deux');
  if (!departement && !epci)
    throw new CoverageQueryError('paramètre « departement » (code, ex. 79) ou « epci » (SIREN) attendu');
  const territoire: CoverageTerritory = departement
    ? { type: 'departement', code: departement }
    : { type: 'epci', code: epci as string };
  communesOf(territoire); // unknown codes fail here, with their message
  const besoin = p.besoin?.trim();
  if (!besoin) throw new CoverageQueryError('paramètre « besoin » attendu (thématique ou catégorie)');
  if (!BESOINS.has(besoin)) throw new CoverageQueryError(`besoin inconnu : « ${besoin} »`);
  const mode = p.mode?.trim() || 'transports-en-commun';
  if (!MODES.has(mode))
    throw new CoverageQueryError(
      `mode de déplacement inconnu : « ${mode} » (attendu : ${MOBILITY_MODE_VALUES.join(', ')})`,
    );
  const publicsList = (p.publics ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const pub of publicsList)
    if (!ALL_PUBLICS.has(pub as Public)) throw new CoverageQueryError(`public inconnu : « ${pub} »`);
  return {
    territoire,
    besoin: besoin as ThematiqueOuCategorie,
    mode: mode as MobilityMode,
    publics: publicsList.length ? ([...new Set(publicsList)].sort() as Public[]) : undefined,
  };
}

/** "Garde d’enfants, transports en commun, Deux-Sèvres": a title for pages and files. */
export function coverageTitle(r: CoverageResult): string {
  return `${labelOf(r.besoin)} — ${r.territoire.nom}`;
}
