// `pnpm cli data-inclusion sync|statut`: the national catalogue from data·inclusion (API v1 or the
// open-data files, or the recorded demo pages), one partner per source. Logic in @spie/loader.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  DataInclusionApi,
  DataInclusionOpenData,
  type DataInclusionSource,
  DEFAULT_DATA_INCLUSION_URL,
  formatProblem,
  PartnerStore,
  readSyncStatus,
  type SyncReport,
  syncDataInclusion,
} from '@spie/loader';
import { type RecordedCatalogue, startDataInclusionServer } from '@spie/loader/testing/data-inclusion-server';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { resolveDataDir } from '../lib/data-dir.ts';
import { engineFromEnv } from './partners-and-publishing.ts';

const RECORDED = new URL('../../tests/fixtures/data-inclusion-api/recorded.json', import.meta.url);

const list = (v: string, previous: string[] = []) => [
  ...previous,
  ...v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean),
];

function printReport(report: SyncReport): void {
  console.log(
    `Synchronisation data·inclusion depuis ${report.origin}${report.departements.length ? ` (départements ${report.departements.join(', ')})` : ' (toute la France)'} :`,
  );
  for (const s of report.sources) {
    const mark = s.status === 'publiee' ? '✓' : '✗';
    console.log(`${mark} ${s.partner} : ${s.message}`);
    if (s.structures !== undefined)
      console.log(`    téléchargé : ${s.structures} structure(s), ${s.services} service(s)`);
    for (const e of s.report?.errors.slice(0, 5) ?? []) console.log(`    ✗ ${formatProblem(e)}`);
    const more = (s.report?.errors.length ?? 0) - 5;
    if (more > 0) console.log(`    … et ${more} autre(s) erreur(s) (--json pour le rapport complet)`);
    if (s.index === 'en-retard')
      console.log('    ⚠ moteur de recherche en retard : les offres sont enregistrées');
  }
}

export function register(program: Command): void {
  const di = program
    .command('data-inclusion')
    .description(
      'Catalogue national data·inclusion : une source = un partenaire « data-inclusion:<source> »',
    );

  di.command('sync')
    .description(
      'Télécharger les sources data·inclusion (API v1, DATA_INCLUSION_URL et DATA_INCLUSION_TOKEN) et les publier',
    )
    .option(
      '--departement <code...>',
      'départements à synchroniser (79, 2A, 971…) ; défaut : toute la France',
    )
    .option(
      '--sources <slugs>',
      'sources séparées par des virgules (dora,france-travail,…) ; défaut : toutes',
      list,
    )
    .option(
      '--fichiers <dossier>',
      'lire les fichiers open data (structures.json, services.json) au lieu de l’API',
    )
    .option('--demo', 'démonstration : pages d’API enregistrées, servies par un serveur local')
    .option('--json', 'rapport au format JSON')
    .action(
      async (opts: {
        departement?: string[];
        sources?: string[];
        fichiers?: string;
        demo?: boolean;
        json?: boolean;
      }) => {
        const store = new PartnerStore(resolveDataDir(), { onWarning: (m) => console.error(`⚠ ${m}`) });
        let demo: Awaited<ReturnType<typeof startDataInclusionServer>> | undefined;
        let source: DataInclusionSource;
        if (opts.demo) {
          demo = await startDataInclusionServer(
            JSON.parse(await readFile(RECORDED, 'utf8')) as RecordedCatalogue,
          );
          source = new DataInclusionApi({ baseUrl: demo.url, token: demo.token, pageSize: 5 });
        } else if (opts.fichiers) {
          const dir = opts.fichiers;
          source = new DataInclusionOpenData(
            { structures: join(dir, 'structures.json'), services: join(dir, 'services.json') },
            (p) => readFile(p, 'utf8'),
          );
        } else {
          const token = process.env.DATA_INCLUSION_TOKEN;
          if (!token) {
            console.error(
              'Erreur : DATA_INCLUSION_TOKEN est vide. Demandez un jeton à data·inclusion (voir README, « Catalogue national ») ou essayez --demo.',
            );
            process.exit(2);
          }
          source = new DataInclusionApi({
            baseUrl: process.env.DATA_INCLUSION_URL || DEFAULT_DATA_INCLUSION_URL,
            token,
          });
        }
        // Ctrl-C: the download in progress stops, nothing of that source is published.
        const abort = new AbortController();
        process.once('SIGINT', () => {
          console.error('\nInterruption : la source en cours n’est pas publiée.');
          abort.abort();
        });
        const bar = new cliProgress.SingleBar(
          {
            format: '{source} {kind} [{bar}] {value}/{total}',
            stream: process.stderr,
            hideCursor: true,
            noTTYOutput: false,
          },
          cliProgress.Presets.shades_classic,
        );
        let started = false;
        const engine = await engineFromEnv();
        let report: SyncReport;
        try {
          report = await syncDataInclusion({
            source,
            store,
            ...(engine ? { engine } : {}),
            ...(opts.sources?.length ? { sources: opts.sources } : {}),
            ...(opts.departement?.length ? { departements: opts.departement } : {}),
            signal: abort.signal,
            onProgress: (p) => {
              const payload = { source: p.source, kind: p.kind };
              if (!started) bar.start(p.total ?? p.items, p.items, payload);
              else {
                bar.setTotal(Math.max(p.total ?? p.items, p.items));
                bar.update(p.items, payload);
              }
              started = true;
            },
          });
        } finally {
          if (started) bar.stop();
          await engine?.close?.();
          await demo?.close();
        }
        if (opts.json) console.log(JSON.stringify(report, null, 2));
        else printReport(report);
        process.exitCode = report.sources.every((s) => s.status === 'publiee') ? 0 : 1;
      },
    );

  di.command('statut')
    .description('Dernière synchronisation de chaque source')
    .option('--json', 'au format JSON')
    .action(async (opts: { json?: boolean }) => {
      const status = await readSyncStatus(resolveDataDir());
      if (opts.json) return console.log(JSON.stringify(status, null, 2));
      if (!status.length) return console.log('Aucune synchronisation data·inclusion pour l’instant.');
      for (const s of status)
        console.log(
          `${s.partner} : dernier essai ${s.lastAttempt} (${s.lastStatus}) — ${s.lastMessage}${s.lastSuccess ? ` ; dernière publication ${s.lastSuccess}, ${s.offers} offre(s)` : ''}`,
        );
    });
}
