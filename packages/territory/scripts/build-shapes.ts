// Commune contours → data/reference/shapes/<département>.json (simplified TopoJSON, today's communes)
// and a centre inside every shape, written to the commune table as source `contour` (GeoNames and
// official centres are kept). Source: IGN Admin Express commune contours (Licence Ouverte) as GeoJSON,
// e.g. the per-département `communes-NN-*.geojson` files of a france-geojson tree (COG 2018).
//
//   pnpm exec tsx packages/territory/scripts/build-shapes.ts [source] [--out dir] [--quantile 0.5]
//        [--table data/reference/communes.json | --no-table]
//
// `source`: a .geojson file or a directory (its `departements/*/communes-*.geojson` when present, else
// every .geojson under it); default /work/shared/reference/france-geojson when that exists.
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import type { FeatureCollection } from 'geojson';
import { applyCentres } from '../src/centres-import.ts';
import { readTableFile, writeTableFile } from '../src/files.ts';
import { distanceKm } from '../src/geo.ts';
import { buildShapes, compareCentres, currentCodeMap, type DecoupageCommune } from '../src/shapes.ts';

const ROOT = resolve(import.meta.dirname, '../../..');
const DEFAULT_SOURCE = '/work/shared/reference/france-geojson';

function args() {
  const argv = process.argv.slice(2);
  const opt = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv.splice(i, 2)[1] : undefined;
  };
  const flag = (name: string) => {
    const i = argv.indexOf(name);
    if (i >= 0) argv.splice(i, 1);
    return i >= 0;
  };
  const out = resolve(opt('--out') ?? join(ROOT, 'data/reference/shapes'));
  const quantile = Number(opt('--quantile') ?? '0.5');
  const noTable = flag('--no-table');
  const table = resolve(opt('--table') ?? join(ROOT, 'data/reference/communes.json'));
  const source = argv[0] ?? (existsSync(DEFAULT_SOURCE) ? DEFAULT_SOURCE : undefined);
  if (!source) {
    console.error(
      `Source des contours manquante : donnez un fichier .geojson ou un dossier, ou placez-la dans ${DEFAULT_SOURCE}.`,
    );
    process.exit(2);
  }
  if (!(quantile >= 0 && quantile < 1)) {
    console.error(`--quantile doit être entre 0 et 1 (reçu « ${quantile} »).`);
    process.exit(2);
  }
  return { source: resolve(source), out, quantile, noTable, tablePath: table };
}

function sourceFiles(source: string): string[] {
  if (statSync(source).isFile()) return [source];
  const perDep = join(source, 'departements');
  if (existsSync(perDep))
    return readdirSync(perDep)
      .sort()
      .flatMap((d) =>
        existsSync(join(perDep, d)) && statSync(join(perDep, d)).isDirectory()
          ? readdirSync(join(perDep, d))
              .filter((f) => /^communes.*\.geojson$/.test(f))
              .map((f) => join(perDep, d, f))
          : [],
      );
  const all: string[] = [];
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name)))
      if (e.isDirectory()) walk(join(dir, e.name));
      else if (e.name.endsWith('.geojson')) all.push(join(dir, e.name));
  };
  walk(source);
  return all;
}

const { source, out, quantile, noTable, tablePath } = args();
const files = sourceFiles(source);
if (files.length === 0) {
  console.error(`Aucun fichier .geojson dans ${source}.`);
  process.exit(2);
}
// The same commune may appear in several files (national and per-département): first one wins.
const seen = new Set<string>();
const collections: FeatureCollection[] = files.map((f) => {
  const fc = JSON.parse(readFileSync(f, 'utf8')) as FeatureCollection;
  return {
    type: 'FeatureCollection',
    features: fc.features.filter((feat) => {
      const code = String(feat.properties?.code ?? feat.id ?? '');
      if (seen.has(code)) return false;
      seen.add(code);
      return true;
    }),
  };
});

const require = createRequire(import.meta.url);
const decoupage = require('@etalab/decoupage-administratif/data/communes.json') as DecoupageCommune[];
const table = readTableFile(tablePath);
const depOf = new Map(table.communes.map((c) => [c.code, c.departement]));
const build = buildShapes(collections, currentCodeMap(decoupage), (code) => depOf.get(code), {
  simplifyQuantile: quantile,
});

mkdirSync(out, { recursive: true });
let bytes = 0;
for (const [dep, topo] of build.topologies) {
  const text = JSON.stringify(topo);
  bytes += Buffer.byteLength(text);
  writeFileSync(join(out, `${dep}.json`), text);
}
console.log(
  `${files.length} fichier(s), ${build.report.features} contours → ${build.centres.length} communes dans ${build.topologies.size} départements (${(bytes / 1e6).toFixed(1)} Mo dans ${out})`,
);
if (bytes > 15e6) console.log('⚠ plus de 15 Mo : augmentez --quantile');
console.log(`Codes inconnus (ignorés) : ${build.report.unknownCodes.length}`);
console.log(`Contours vides : ${build.report.emptyGeometries.length}`);
console.log(
  `Communes actuelles sans contour : ${build.report.missing.length} ${build.report.missing.slice(0, 20).join(' ')}`,
);
// Measured before the table is touched: contour centres against the GeoNames exact ones.
const geonames = new Map(
  table.communes.filter((c) => c.source === 'geonames').map((c) => [c.code, c] as const),
);
const m = compareCentres(build.centres, geonames, distanceKm);
console.log(
  `Centres des contours vs GeoNames exacts : ${m.compared} communes, médiane ${m.medianKm.toFixed(2)} km, p90 ${m.p90Km.toFixed(2)} km, max ${m.maxKm.toFixed(1)} km`,
);
if (!noTable) {
  const { table: updated, report } = applyCentres(table, build.centres, 'contour');
  writeTableFile(updated, tablePath);
  console.log(
    `Table : ${report.replaced} centres issus des contours ; ${report.stillEstimated} communes encore estimées (${((1 - report.stillEstimated / updated.communes.length) * 100).toFixed(2)} % non estimées).`,
  );
}
