// Partner publishing commands: validate, publish, history, rollback, template, partner add/list.
// Logic lives in @spie/loader; this file parses arguments and prints (French for people, JSON for programs).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import {
  formatProblem,
  PartnerRegistry,
  PartnerStore,
  type PublishCsvResult,
  publishCsv,
  RegistryError,
  StoreError,
  templateCsv,
  UnknownPartnerError,
  type ValidationReport,
  type VersionInfo,
} from '@spie/loader';
import type { SearchEngine } from '@spie/search';
import type { Command } from 'commander';
import { resolveDataDir } from '../lib/data-dir.ts';

function openStore(): PartnerStore {
  return new PartnerStore(resolveDataDir(), { onWarning: (m) => console.error(`⚠ ${m}`) });
}

async function openFile(path: string) {
  await stat(path); // fail early with ENOENT
  return createReadStream(path);
}

function fail(message: string, code = 2): never {
  console.error(`Erreur : ${message}`);
  process.exit(code);
}

function printReport(report: ValidationReport): void {
  const s = report.stats;
  console.log(
    `${s.rows} ligne(s) lue(s) (${s.format}${s.encoding ? `, ${s.encoding}` : ''}${s.delimiter ? `, séparateur « ${s.delimiter === '\t' ? 'tabulation' : s.delimiter} »` : ''}) : ${s.validRows} valide(s), ${s.invalidRows} en erreur ; ${s.errors} erreur(s), ${s.warnings} avertissement(s).`,
  );
  for (const e of report.errors) console.log(`  ✗ ${formatProblem(e)}`);
  for (const w of report.warnings) console.log(`  ⚠ ${formatProblem(w)}`);
  if (s.truncated) console.log('  … liste tronquée : corrigez ces problèmes puis validez à nouveau.');
}

const jsonReport = (r: ValidationReport) => ({
  valid: r.valid,
  errors: r.errors,
  warnings: r.warnings,
  stats: r.stats,
});

function describeVersion(v: VersionInfo): string {
  const c = v.counts;
  return `version ${v.version} — ${v.publishedAt} par ${v.by} : ${v.rowCount} offre(s) (+${c.added} nouvelle(s), ~${c.changed} modifiée(s), −${c.removed} retirée(s))${v.rollbackOf ? `, retour à la version ${v.rollbackOf}` : ''} — sha256 ${v.sha256.slice(0, 12)}…`;
}

/** With MEILI_URL set, publishes also update Meilisearch; otherwise the site reads the store. */
export async function engineFromEnv(): Promise<SearchEngine | undefined> {
  const url = process.env.MEILI_URL;
  if (!url) return undefined;
  const search = (await import('@spie/search')) as Record<string, unknown>;
  const create = search.createSearchEngine as
    | ((o: { meiliUrl?: string; meiliApiKey?: string }) => SearchEngine | Promise<SearchEngine>)
    | undefined;
  if (!create) return undefined;
  return create({
    meiliUrl: url,
    ...(process.env.MEILI_MASTER_KEY ? { meiliApiKey: process.env.MEILI_MASTER_KEY } : {}),
  });
}

export function register(program: Command): void {
  program
    .command('validate <file>')
    .description('Valider un fichier CSV (ou un export data·inclusion) sans rien publier')
    .requiredOption('--partner <id>', 'identifiant du partenaire')
    .option('--structures <file>', 'fichier des structures d’un export data·inclusion (CSV ou JSON)')
    .option('--json', 'rapport au format JSON')
    .action(async (file: string, opts: { partner: string; structures?: string; json?: boolean }) => {
      const store = openStore();
      const { report } = await publishCsv({
        store,
        partner: opts.partner,
        input: await openFile(file),
        options: {
          dryRun: true,
          ...(opts.structures ? { structures: await openFile(opts.structures) } : {}),
        },
      }).catch((e: unknown) => fail((e as Error).message));
      if (opts.json) console.log(JSON.stringify(jsonReport(report), null, 2));
      else printReport(report);
      process.exitCode = report.valid ? 0 : 1;
    });

  program
    .command('publish <file>')
    .description('Valider puis publier les offres d’un partenaire (remplace ses offres, atomiquement)')
    .requiredOption('--partner <id>', 'identifiant du partenaire')
    .option('--skip-invalid', 'publier les lignes valides même si d’autres sont en erreur')
    .option('--structures <file>', 'fichier des structures d’un export data·inclusion (CSV ou JSON)')
    .option('--by <name>', 'auteur de la publication (historique)')
    .option('--json', 'résultat au format JSON')
    .action(
      async (
        file: string,
        opts: { partner: string; skipInvalid?: boolean; structures?: string; by?: string; json?: boolean },
      ) => {
        const store = openStore();
        const registry = new PartnerRegistry(resolveDataDir());
        // Only partners created with `partner add` can publish, once the registry exists.
        const useRegistry = (await registry.list()).length > 0;
        const engine = await engineFromEnv();
        let result: PublishCsvResult;
        try {
          result = await publishCsv({
            store,
            ...(useRegistry ? { registry } : {}),
            ...(engine ? { engine } : {}),
            partner: opts.partner,
            input: await openFile(file),
            options: {
              skipInvalid: opts.skipInvalid === true,
              by: opts.by ?? process.env.USER ?? 'cli',
              ...(opts.structures ? { structures: await openFile(opts.structures) } : {}),
            },
          });
        } catch (e) {
          if (e instanceof UnknownPartnerError || e instanceof StoreError) fail(e.message);
          throw e;
        } finally {
          await engine?.close?.();
        }
        if (opts.json)
          console.log(
            JSON.stringify(
              {
                published: result.published,
                version: result.version ?? null,
                index: result.index,
                ...(result.indexError ? { indexError: result.indexError } : {}),
                ...jsonReport(result.report),
              },
              null,
              2,
            ),
          );
        else {
          printReport(result.report);
          if (result.published && result.version) {
            console.log(`Publié : ${describeVersion(result.version)}`);
            if (result.index === 'en-retard')
              console.log(
                `⚠ Moteur de recherche en retard (${result.indexError}) : les offres sont enregistrées.`,
              );
          } else console.log('Rien n’a été publié : corrigez les erreurs (ou utilisez --skip-invalid).');
        }
        process.exitCode = result.published ? 0 : 1;
      },
    );

  program
    .command('history')
    .description('Historique des publications d’un partenaire')
    .requiredOption('--partner <id>', 'identifiant du partenaire')
    .option('--json', 'au format JSON')
    .action(async (opts: { partner: string; json?: boolean }) => {
      const history = await openStore()
        .history(opts.partner)
        .catch((e: unknown) => fail((e as Error).message));
      if (opts.json) console.log(JSON.stringify(history, null, 2));
      else if (!history.length) console.log(`Aucune publication pour « ${opts.partner} ».`);
      else for (const v of history) console.log(describeVersion(v));
    });

  program
    .command('rollback')
    .description('Revenir exactement à une version précédente (crée une nouvelle version)')
    .requiredOption('--partner <id>', 'identifiant du partenaire')
    .requiredOption('--to <version>', 'numéro de version', (v) => Number.parseInt(v, 10))
    .option('--json', 'au format JSON')
    .action(async (opts: { partner: string; to: number; json?: boolean }) => {
      if (!Number.isInteger(opts.to) || opts.to < 1) fail('--to attend un numéro de version (1, 2, …)');
      const store = openStore();
      const v = await store
        .rollback(opts.partner, opts.to, { by: process.env.USER ?? 'cli' })
        .catch((e: unknown) => fail((e as Error).message, 1));
      const engine = await engineFromEnv();
      if (engine) {
        await engine
          .replacePartner(opts.partner, await store.partnerOffers(opts.partner))
          .catch((e: unknown) => console.error(`⚠ Moteur de recherche en retard : ${(e as Error).message}`));
        await engine.close?.();
      }
      console.log(opts.json ? JSON.stringify(v, null, 2) : `Rétabli : ${describeVersion(v)}`);
    });

  program
    .command('template')
    .description('Afficher le modèle CSV (en-tête et une ligne d’exemple) généré depuis le modèle de données')
    .action(() => {
      process.stdout.write(templateCsv());
    });

  const partner = program.command('partner').description('Partenaires et jetons de publication');
  partner
    .command('add <id>')
    .description('Créer un partenaire et afficher son jeton (une seule fois)')
    .requiredOption('--name <name>', 'nom du partenaire')
    .option('--json', 'au format JSON : { "id", "token" }')
    .action(async (id: string, opts: { name: string; json?: boolean }) => {
      const token = await new PartnerRegistry(resolveDataDir()).add(id, opts.name).catch((e: unknown) => {
        if (e instanceof RegistryError) fail(e.message, 1);
        throw e;
      });
      if (opts.json) console.log(JSON.stringify({ id, token }));
      else {
        console.log(`Partenaire « ${id} » créé. Jeton (conservez-le, il ne sera plus affiché) :`);
        console.log(token);
      }
    });
  partner
    .command('list')
    .description('Lister les partenaires')
    .option('--json', 'au format JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await new PartnerRegistry(resolveDataDir()).list();
      if (opts.json) console.log(JSON.stringify(list, null, 2));
      else if (!list.length) console.log('Aucun partenaire.');
      else for (const p of list) console.log(`${p.id}\t${p.name}\t(créé le ${p.createdAt})`);
    });
}
