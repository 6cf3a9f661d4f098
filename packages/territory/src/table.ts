// The generated reference table (data/reference/communes.json): a small JSON envelope whose
// big sections are TSV strings, so it stays compact, parses fast and gives TypeScript a trivial type.

/**
 * Where a commune's centre comes from.
 * - `official`: imported from an official centre file (geo.api.gouv.fr export).
 * - `geonames`: the GeoNames place of that INSEE code whose name is the commune's (or its chef-lieu's).
 * - `geonames-name`: GeoNames place matched by name inside the collectivity (no INSEE code in GeoNames).
 * - `contour`: a point inside the commune's contour (pole of inaccessibility; scripts/build-shapes.ts).
 * - `locality`: GeoNames place of another locality inside the commune (hamlet, former commune).
 * - `postal` / `epci` / `departement`: mean of exact centres sharing a postal code / EPCI / département.
 * - `manual`: hand-entered approximate point (uninhabited districts with no other source).
 */
export type CentreSource =
  | 'official'
  | 'geonames'
  | 'geonames-name'
  | 'contour'
  | 'locality'
  | 'postal'
  | 'epci'
  | 'departement'
  | 'manual';

export const EXACT_SOURCES: ReadonlySet<CentreSource> = new Set([
  'official',
  'geonames',
  'geonames-name',
  'contour',
]);
export const ESTIMATED_SOURCES: ReadonlySet<CentreSource> = new Set([
  'postal',
  'epci',
  'departement',
  'manual',
]);
/** Where a centre comes from, as users are told: GeoNames, the commune's contour, an estimate, an official file. */
export type CentreOrigin = 'geonames' | 'contour' | 'estime' | 'officiel';

export function centreOrigin(source: CentreSource): CentreOrigin {
  switch (source) {
    case 'official':
      return 'officiel';
    case 'geonames':
    case 'geonames-name':
      return 'geonames';
    case 'contour':
      return 'contour';
    default:
      return 'estime';
  }
}

const ALL_SOURCES: ReadonlySet<string> = new Set([...EXACT_SOURCES, ...ESTIMATED_SOURCES, 'locality']);

export interface CommuneRow {
  code: string;
  nom: string;
  codesPostaux: string[];
  departement: string;
  region: string;
  epci: string | null;
  population: number;
  latitude: number;
  longitude: number;
  source: CentreSource;
}

export interface ReferenceTable {
  version: 1;
  generatedFrom: Record<string, string>;
  regions: { code: string; nom: string }[];
  departements: { code: string; nom: string; region: string }[];
  epcis: { code: string; nom: string }[];
  communes: CommuneRow[];
  /** Arrondissements municipaux of Paris, Lyon and Marseille. */
  arrondissements: { code: string; nom: string; commune: string; codesPostaux: string[] }[];
}

/** On-disk shape: JSON envelope with TSV sections. */
export interface SerializedTable {
  version: number;
  generatedFrom: Record<string, string>;
  regions: string;
  departements: string;
  epcis: string;
  communes: string;
  arrondissements: string;
}

const rows = (tsv: string): string[][] => (tsv === '' ? [] : tsv.split('\n').map((line) => line.split('\t')));
const tsv = (lines: (string | number)[][]): string => lines.map((l) => l.join('\t')).join('\n');

export function parseTable(data: SerializedTable): ReferenceTable {
  if (data.version !== 1) throw new Error(`Unsupported territory table version: ${data.version}`);
  return {
    version: 1,
    generatedFrom: data.generatedFrom,
    regions: rows(data.regions).map(([code = '', nom = '']) => ({ code, nom })),
    departements: rows(data.departements).map(([code = '', nom = '', region = '']) => ({
      code,
      nom,
      region,
    })),
    epcis: rows(data.epcis).map(([code = '', nom = '']) => ({ code, nom })),
    communes: rows(data.communes).map((r) => {
      const [code = '', nom = '', cps = '', departement = '', region = '', epci = '', pop = '0'] = r;
      const [, , , , , , , lat = 'NaN', lon = 'NaN', source = ''] = r;
      if (!ALL_SOURCES.has(source)) throw new Error(`Unknown centre source "${source}" for commune ${code}`);
      return {
        code,
        nom,
        codesPostaux: cps === '' ? [] : cps.split(' '),
        departement,
        region,
        epci: epci === '' ? null : epci,
        population: Number(pop),
        latitude: Number(lat),
        longitude: Number(lon),
        source: source as CentreSource,
      };
    }),
    arrondissements: rows(data.arrondissements).map(([code = '', nom = '', commune = '', cps = '']) => ({
      code,
      nom,
      commune,
      codesPostaux: cps === '' ? [] : cps.split(' '),
    })),
  };
}

// 5 decimals ≈ 1 m: more would only bloat the file.
const coord = (x: number): string => String(Math.round(x * 1e5) / 1e5);

export function serializeTable(table: ReferenceTable): SerializedTable {
  for (const c of table.communes) {
    if (!Number.isFinite(c.latitude) || !Number.isFinite(c.longitude)) {
      throw new Error(`Commune ${c.code} has no centre`);
    }
  }
  return {
    version: 1,
    generatedFrom: table.generatedFrom,
    regions: tsv(table.regions.map((r) => [r.code, r.nom])),
    departements: tsv(table.departements.map((d) => [d.code, d.nom, d.region])),
    epcis: tsv(table.epcis.map((e) => [e.code, e.nom])),
    communes: tsv(
      table.communes.map((c) => [
        c.code,
        c.nom,
        c.codesPostaux.join(' '),
        c.departement,
        c.region,
        c.epci ?? '',
        c.population,
        coord(c.latitude),
        coord(c.longitude),
        c.source,
      ]),
    ),
    arrondissements: tsv(
      table.arrondissements.map((a) => [a.code, a.nom, a.commune, a.codesPostaux.join(' ')]),
    ),
  };
}

/** Stable, diff-friendly text for the committed file (one section per line). */
export function stringifyTable(table: ReferenceTable): string {
  const s = serializeTable(table);
  const lines = Object.entries(s).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `{\n${lines.join(',\n')}\n}\n`;
}
