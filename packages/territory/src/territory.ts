// In-memory indexes over the reference table: O(1) lookups by code, linear name scan for autocomplete.
import KDBush from 'kdbush';
import { boundingBox, distanceKm, type LatLon } from './geo.ts';
import { normalizeName } from './normalize.ts';
import {
  type CentreOrigin,
  type CentreSource,
  centreOrigin,
  EXACT_SOURCES,
  type ReferenceTable,
} from './table.ts';

export interface Commune {
  /** INSEE code (code officiel géographique). */
  code: string;
  nom: string;
  codesPostaux: string[];
  departement: string;
  region: string;
  /** SIREN of the EPCI à fiscalité propre, null for the few communes outside any. */
  epci: string | null;
  epciNom: string | null;
  population: number;
  latitude: number;
  longitude: number;
  /** `exact`: a point of the commune's own centre; `estimated`: see `centreSource`. */
  centre: 'exact' | 'estimated';
  centreSource: CentreSource;
  /** `geonames` / `contour` / `estime` / `officiel`: the source in four words for users and APIs. */
  centreOrigine: CentreOrigin;
}

export interface Departement {
  code: string;
  nom: string;
  region: string;
}

export interface Region {
  code: string;
  nom: string;
}

export interface Epci {
  code: string;
  nom: string;
  /** INSEE codes of member communes. */
  communes: string[];
}

export interface Arrondissement {
  code: string;
  nom: string;
  /** INSEE code of the commune (Paris 75056, Marseille 13055, Lyon 69123). */
  commune: string;
  codesPostaux: string[];
}

export const ZONE_FRANCE = 'france';
/** COG code of France, used by data·inclusion for national zones. */
export const ZONE_FRANCE_COG = '99100';

const freeze = <T extends object>(o: T): Readonly<T> => Object.freeze(o);

export class Territory {
  readonly communes: readonly Commune[];
  private readonly byCode = new Map<string, Commune>();
  private readonly byPostalCode = new Map<string, Commune[]>();
  private readonly departements = new Map<string, Departement>();
  private readonly regions = new Map<string, Region>();
  private readonly epcis = new Map<string, Epci>();
  private readonly arrondissements = new Map<string, Arrondissement>();
  private readonly zoneCodes = new Map<string, readonly string[]>();
  // Autocomplete indexes, built on the first search (the loader and the matching never search names):
  // all normalised names in one string (" name\n" per commune) searched with native indexOf, and the
  // INSEE and postal codes sorted for prefix search.
  private names: { haystack: string; keyOffsets: Int32Array } | undefined;
  private codes: { key: string; commune: Commune; postal: boolean }[] | undefined;
  private spatial: KDBush | undefined;

  constructor(table: ReferenceTable) {
    for (const r of table.regions) this.regions.set(r.code, freeze({ ...r }));
    for (const d of table.departements) this.departements.set(d.code, freeze({ ...d }));
    const epciNames = new Map(table.epcis.map((e) => [e.code, e.nom]));
    const members = new Map<string, string[]>();
    this.communes = table.communes.map((row) => {
      const commune: Commune = {
        code: row.code,
        nom: row.nom,
        codesPostaux: freeze([...row.codesPostaux]) as string[],
        departement: row.departement,
        region: row.region,
        epci: row.epci,
        epciNom: row.epci ? (epciNames.get(row.epci) ?? null) : null,
        population: row.population,
        latitude: row.latitude,
        longitude: row.longitude,
        centre: EXACT_SOURCES.has(row.source) ? 'exact' : 'estimated',
        centreSource: row.source,
        centreOrigine: centreOrigin(row.source),
      };
      freeze(commune);
      this.byCode.set(commune.code, commune);
      for (const cp of commune.codesPostaux) {
        const list = this.byPostalCode.get(cp);
        if (list) list.push(commune);
        else this.byPostalCode.set(cp, [commune]);
      }
      if (commune.epci) {
        const list = members.get(commune.epci);
        if (list) list.push(commune.code);
        else members.set(commune.epci, [commune.code]);
      }
      return commune;
    });
    for (const [code, nom] of epciNames) {
      this.epcis.set(code, freeze({ code, nom, communes: freeze(members.get(code) ?? []) as string[] }));
    }
    for (const a of table.arrondissements) {
      this.arrondissements.set(
        a.code,
        freeze({ ...a, codesPostaux: freeze([...a.codesPostaux]) as string[] }),
      );
    }
    // Bigger towns first inside each postal code.
    for (const list of this.byPostalCode.values()) list.sort(byPopulation);
  }

  private nameIndex(): { haystack: string; keyOffsets: Int32Array } {
    if (!this.names) {
      const keyOffsets = new Int32Array(this.communes.length);
      let offset = 0;
      const keys = this.communes.map((c, i) => {
        const key = ` ${normalizeName(c.nom)}\n`;
        keyOffsets[i] = offset;
        offset += key.length;
        return key;
      });
      this.names = { haystack: keys.join(''), keyOffsets };
    }
    return this.names;
  }

  private sortedCodes(): { key: string; commune: Commune; postal: boolean }[] {
    this.codes ??= this.communes
      .flatMap((commune) => [
        { key: commune.code, commune, postal: false },
        ...commune.codesPostaux.map((key) => ({ key, commune, postal: true })),
      ])
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return this.codes;
  }

  /** Current commune by INSEE code; an arrondissement municipal code gives its commune. */
  getCommune(code: string): Commune | undefined {
    const direct = this.byCode.get(code);
    if (direct) return direct;
    const key = code.trim().toUpperCase();
    return this.byCode.get(key) ?? this.byCode.get(this.arrondissements.get(key)?.commune ?? '');
  }

  getArrondissement(code: string): Arrondissement | undefined {
    return this.arrondissements.get(code.trim());
  }

  communesByPostalCode(codePostal: string): Commune[] {
    return [...(this.byPostalCode.get(codePostal.trim()) ?? [])];
  }

  /** A postal code of at least one commune (no copy: for per-row checks). */
  isKnownPostalCode(codePostal: string): boolean {
    return this.byPostalCode.has(codePostal.trim());
  }

  postalCodeMatchesCommune(codePostal: string, codeInsee: string): boolean {
    const cp = codePostal.trim();
    const arrondissement = this.getArrondissement(codeInsee);
    if (arrondissement) return arrondissement.codesPostaux.includes(cp);
    return this.getCommune(codeInsee)?.codesPostaux.includes(cp) ?? false;
  }

  /**
   * Autocomplete: a name (accent-, case- and hyphen-insensitive; "st" = "saint") or a postal /
   * INSEE code prefix. Ranking: exact name or code, then prefix, then a later word's prefix;
   * bigger towns first within each rank.
   */
  searchCommunes(text: string, limit = 10): Commune[] {
    if (limit <= 0) return [];
    const compact = text.trim().toUpperCase().replace(/\s+/g, '');
    if (/^(?:\d+|2[AB]\d*)$/.test(compact)) return this.searchCodes(compact, limit);
    const q = normalizeName(text);
    if (q === '') return [];
    // Keys start with a space so that " q" finds the name's start and every later word's start.
    const needle = ` ${q}`;
    const top = new TopK(limit);
    const { haystack, keyOffsets: offsets } = this.nameIndex();
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + 1)) {
      // Binary search for the key containing `at`.
      let lo = 0;
      let hi = offsets.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if ((offsets[mid] as number) <= at) lo = mid;
        else hi = mid - 1;
      }
      const i = lo;
      const keyStart = offsets[i] as number;
      const rank = at !== keyStart ? 2 : haystack.charCodeAt(at + needle.length) === 10 ? 0 : 1;
      top.offer(this.communes[i] as Commune, rank);
      // One hit per commune is enough (its best is its first: the name start).
      at = (i + 1 < offsets.length ? (offsets[i + 1] as number) : haystack.length) - 1;
    }
    return top.result();
  }

  private searchCodes(prefix: string, limit: number): Commune[] {
    const codes = this.sortedCodes();
    let lo = 0;
    let hi = codes.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((codes[mid] as { key: string }).key < prefix) lo = mid + 1;
      else hi = mid;
    }
    const best = new Map<Commune, number>();
    for (let j = lo; j < codes.length; j++) {
      const entry = codes[j] as (typeof codes)[number];
      if (!entry.key.startsWith(prefix)) break;
      // Exact code first, then postal-code prefixes (what people type), then INSEE prefixes.
      const rank = entry.key === prefix ? 0 : entry.postal ? 1 : 2;
      const previous = best.get(entry.commune);
      if (previous === undefined || rank < previous) best.set(entry.commune, rank);
    }
    const top = new TopK(limit);
    for (const [commune, rank] of best) top.offer(commune, rank);
    return top.result();
  }

  getDepartement(code: string): Departement | undefined {
    return this.departements.get(code.trim().toUpperCase());
  }

  listDepartements(): Departement[] {
    return [...this.departements.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  getRegion(code: string): Region | undefined {
    return this.regions.get(code.trim());
  }

  listRegions(): Region[] {
    return [...this.regions.values()].sort((a, b) => a.code.localeCompare(b.code));
  }

  getEpci(siren: string): Epci | undefined {
    return this.epcis.get(siren.trim());
  }

  /**
   * Zone codes that make this commune eligible when found in an offer's `zone_eligibilite`:
   * [commune INSEE (and arrondissement if given one), EPCI SIREN, département, 'france', '99100'].
   * Empty for an unknown code.
   */
  zoneCodesOf(communeCode: string): string[] {
    const key = communeCode.trim().toUpperCase();
    let codes = this.zoneCodes.get(key);
    if (!codes) {
      const commune = this.getCommune(key);
      if (!commune) return [];
      codes = freeze([
        ...(key !== commune.code ? [key] : []),
        commune.code,
        ...(commune.epci ? [commune.epci] : []),
        commune.departement,
        ZONE_FRANCE,
        ZONE_FRANCE_COG,
      ]);
      this.zoneCodes.set(key, codes);
    }
    return [...codes];
  }

  /** An empty or missing zone means open everywhere. */
  zoneCovers(zoneEligibilite: readonly string[] | null | undefined, communeCode: string): boolean {
    if (!zoneEligibilite || zoneEligibilite.length === 0) return true;
    const codes = this.zoneCodesOf(communeCode);
    return zoneEligibilite.some((z) => codes.includes(z.trim()));
  }

  /**
   * A data·inclusion v1 zone code: commune INSEE code (or arrondissement municipal), EPCI SIREN,
   * département code, 'france' or '99100'. Région codes are refused: '11' or '01' would read as
   * départements (Aude, Ain).
   */
  isKnownZoneCode(code: string): boolean {
    return (
      code === ZONE_FRANCE ||
      code === ZONE_FRANCE_COG ||
      this.byCode.has(code) ||
      this.arrondissements.has(code) ||
      this.epcis.has(code) ||
      this.departements.has(code)
    );
  }

  /** Communes whose centre lies within `radiusKm` of `center`, nearest first. */
  communesNear(center: LatLon, radiusKm: number): { commune: Commune; distanceKm: number }[] {
    if (!this.spatial) {
      const index = new KDBush(this.communes.length);
      for (const c of this.communes) index.add(c.longitude, c.latitude);
      this.spatial = index.finish();
    }
    const box = boundingBox(center, radiusKm);
    return this.spatial
      .range(box.minLongitude, box.minLatitude, box.maxLongitude, box.maxLatitude)
      .map((i) => {
        const commune = this.communes[i] as Commune;
        return { commune, distanceKm: distanceKm(center, commune) };
      })
      .filter((r) => r.distanceKm <= radiusKm)
      .sort((a, b) => a.distanceKm - b.distanceKm);
  }
}

function byPopulation(a: Commune, b: Commune): number {
  return b.population - a.population || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
}

/** Keeps the `limit` best (lowest rank, then biggest population) without sorting every match. */
class TopK {
  private readonly items: { commune: Commune; rank: number }[] = [];
  constructor(private readonly limit: number) {}
  private before(a: { commune: Commune; rank: number }, b: { commune: Commune; rank: number }): boolean {
    return a.rank < b.rank || (a.rank === b.rank && byPopulation(a.commune, b.commune) < 0);
  }
  offer(commune: Commune, rank: number): void {
    const item = { commune, rank };
    const items = this.items;
    if (items.length === this.limit && !this.before(item, items[items.length - 1] as typeof item)) return;
    let j = items.length;
    while (j > 0 && this.before(item, items[j - 1] as typeof item)) j--;
    items.splice(j, 0, item);
    if (items.length > this.limit) items.pop();
  }
  result(): Commune[] {
    return this.items.map((i) => i.commune);
  }
}
