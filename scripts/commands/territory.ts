// `pnpm cli territory <query>`: commune lookup by INSEE code, postal code or name;
// `pnpm cli territory import-centres <file>`: replace centres with an official file.
import type { Command } from 'commander';
import { importCentresFile } from '../../packages/territory/src/files.ts';
import {
  CentreFileError,
  type CentresImportReport,
  type Commune,
  communesByPostalCode,
  getCommune,
  getDepartement,
  getRegion,
  searchCommunes,
} from '../../packages/territory/src/index.ts';

const SOURCE_LABELS: Record<Commune['centreSource'], string> = {
  official: 'fichier officiel',
  geonames: 'GeoNames',
  'geonames-name': 'GeoNames (par nom)',
  contour: 'point intérieur du contour de la commune (IGN Admin Express)',
  locality: 'GeoNames, autre lieu-dit de la commune',
  postal: 'moyenne des communes du même code postal',
  epci: "moyenne des communes de l'EPCI",
  departement: 'moyenne des communes du département',
  manual: 'point approximatif saisi à la main',
};

const ORIGIN_LABELS: Record<Commune['centreOrigine'], string> = {
  geonames: 'GeoNames',
  contour: 'contour',
  estime: 'estimé',
  officiel: 'officiel',
};

function find(query: string, limit: number): Commune[] {
  const q = query.trim();
  if (/^[0-9][0-9AB][0-9]{3}$/i.test(q)) {
    const byCode = getCommune(q);
    const byPostal = communesByPostalCode(q);
    return [...(byCode ? [byCode] : []), ...byPostal.filter((c) => c !== byCode)];
  }
  return searchCommunes(q, limit);
}

function describe(c: Commune): string {
  const dep = getDepartement(c.departement);
  const region = getRegion(c.region);
  return [
    `${c.nom} (${c.code})`,
    `  Codes postaux : ${c.codesPostaux.join(', ') || '—'}`,
    `  Population : ${c.population.toLocaleString('fr-FR')}`,
    `  Centre : ${c.latitude.toFixed(5)}, ${c.longitude.toFixed(5)} — ${ORIGIN_LABELS[c.centreOrigine]} (${SOURCE_LABELS[c.centreSource]})`,
    `  Département : ${dep ? `${dep.nom} (${dep.code})` : c.departement}`,
    `  Région : ${region ? `${region.nom} (${region.code})` : c.region}`,
    `  EPCI : ${c.epci ? `${c.epciNom ?? ''} (${c.epci})` : 'aucun'}`,
  ].join('\n');
}

export function register(program: Command): void {
  const territory = program
    .command('territory')
    .description('Cherche une commune par code INSEE, code postal ou nom (centre, département, EPCI)')
    .argument('<query>', 'code INSEE, code postal ou nom de commune')
    .option('--json', 'sortie JSON')
    .option('-n, --limit <n>', 'nombre maximal de communes pour une recherche par nom', '10')
    .action((query: string, options: { json?: boolean; limit: string }) => {
      const limit = Number.parseInt(options.limit, 10);
      if (!Number.isInteger(limit) || limit < 1) {
        territory.error(`--limit doit être un entier positif, reçu « ${options.limit} ».`);
      }
      const communes = find(query, limit);
      if (options.json) {
        console.log(
          JSON.stringify(
            communes.map((c) => ({ ...c, departementNom: getDepartement(c.departement)?.nom ?? null })),
            null,
            2,
          ),
        );
      } else if (communes.length === 0) {
        console.log(`Aucune commune ne correspond à « ${query} ».`);
      } else {
        console.log(communes.map(describe).join('\n\n'));
      }
      if (communes.length === 0) process.exitCode = 1;
    });

  territory
    .command('import-centres')
    .description(
      'Remplace les centres des communes par un fichier officiel (export geo.api.gouv.fr JSON, ou CSV code_insee,latitude,longitude) et réécrit data/reference/communes.json',
    )
    .argument('<file>', 'fichier JSON ou CSV des centres')
    .option('--table <path>', 'table à réécrire (par défaut data/reference/communes.json)')
    .option('--json', 'sortie JSON')
    .action((file: string, options: { json?: boolean; table?: string }) => {
      let report: CentresImportReport;
      try {
        report = importCentresFile(file, options.table);
      } catch (e) {
        if (e instanceof CentreFileError || (e as NodeJS.ErrnoException).code === 'ENOENT') {
          console.error(`${file} : ${(e as Error).message}`);
          process.exitCode = 1;
          return;
        }
        throw e;
      }
      if (options.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      console.log(
        `${report.replaced} centres officiels importés ; ${report.stillEstimated} communes restent estimées.`,
      );
      if (report.unknownCodes.length > 0) {
        console.log(
          `${report.unknownCodes.length} codes ignorés (pas des communes actuelles) : ${report.unknownCodes.slice(0, 20).join(', ')}${report.unknownCodes.length > 20 ? '…' : ''}`,
        );
      }
    });
}
